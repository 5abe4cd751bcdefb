package io.livechat.store.memory;

import io.livechat.store.VisitorSessionsContract;
import io.livechat.store.StoreFixture;

/** The {@link VisitorSessionsContract} on the in-memory fakes. */
class MemoryVisitorSessionsContractTest extends VisitorSessionsContract {

    private final MemoryFixture fixture = new MemoryFixture();

    @Override
    protected StoreFixture fixture() {
        return fixture;
    }
}
