package io.livechat.store.memory;

import io.livechat.store.SessionRegistryContract;
import io.livechat.store.StoreFixture;

/** The {@link SessionRegistryContract} on the in-memory fakes. */
class MemorySessionRegistryContractTest extends SessionRegistryContract {

    private final MemoryFixture fixture = new MemoryFixture();

    @Override
    protected StoreFixture fixture() {
        return fixture;
    }
}
