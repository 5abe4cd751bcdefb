package io.livechat.store.memory;

import io.livechat.store.AgentPresenceContract;
import io.livechat.store.StoreFixture;

/** The {@link AgentPresenceContract} on the in-memory fakes. */
class MemoryAgentPresenceContractTest extends AgentPresenceContract {

    private final MemoryFixture fixture = new MemoryFixture();

    @Override
    protected StoreFixture fixture() {
        return fixture;
    }
}
