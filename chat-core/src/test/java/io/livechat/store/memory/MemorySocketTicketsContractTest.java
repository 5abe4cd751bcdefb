package io.livechat.store.memory;

import io.livechat.store.SocketTicketsContract;
import io.livechat.store.StoreFixture;

/** The {@link SocketTicketsContract} on the in-memory fakes. */
class MemorySocketTicketsContractTest extends SocketTicketsContract {

    private final MemoryFixture fixture = new MemoryFixture();

    @Override
    protected StoreFixture fixture() {
        return fixture;
    }
}
