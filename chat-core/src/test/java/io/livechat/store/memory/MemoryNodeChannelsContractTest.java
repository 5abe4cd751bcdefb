package io.livechat.store.memory;

import io.livechat.store.NodeChannelsContract;
import io.livechat.store.StoreFixture;

/** The {@link NodeChannelsContract} on the in-memory fakes. */
class MemoryNodeChannelsContractTest extends NodeChannelsContract {

    private final MemoryFixture fixture = new MemoryFixture();

    @Override
    protected StoreFixture fixture() {
        return fixture;
    }
}
