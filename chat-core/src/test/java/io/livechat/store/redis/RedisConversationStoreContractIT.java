package io.livechat.store.redis;

import io.livechat.store.ConversationStoreContract;
import io.livechat.store.StoreFixture;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@link ConversationStoreContract} on a real Redis. */
class RedisConversationStoreContractIT extends ConversationStoreContract {

    @RegisterExtension
    static final EmbeddedRedisExtension REDIS = new EmbeddedRedisExtension();

    @Override
    protected StoreFixture fixture() {
        return REDIS;
    }
}
