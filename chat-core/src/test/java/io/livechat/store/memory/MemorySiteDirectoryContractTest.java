package io.livechat.store.memory;

import io.livechat.store.SiteDirectoryContract;
import io.livechat.store.StoreFixture;

/** The {@link SiteDirectoryContract} on the in-memory fakes. */
class MemorySiteDirectoryContractTest extends SiteDirectoryContract {

    private final MemoryFixture fixture = new MemoryFixture();

    @Override
    protected StoreFixture fixture() {
        return fixture;
    }
}
