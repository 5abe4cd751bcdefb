package io.livechat.store.memory;

import io.livechat.store.ConversationStoreContract;
import io.livechat.store.StoreFixture;

/** The {@link ConversationStoreContract} on the in-memory fakes. */
class MemoryConversationStoreContractTest extends ConversationStoreContract {

    private final MemoryFixture fixture = new MemoryFixture();

    @Override
    protected StoreFixture fixture() {
        return fixture;
    }
}
