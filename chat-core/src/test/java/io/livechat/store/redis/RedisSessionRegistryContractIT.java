package io.livechat.store.redis;

import io.livechat.store.SessionRegistryContract;
import io.livechat.store.StoreFixture;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@link SessionRegistryContract} on a real Redis. */
class RedisSessionRegistryContractIT extends SessionRegistryContract {

    @RegisterExtension
    static final EmbeddedRedisExtension REDIS = new EmbeddedRedisExtension();

    @Override
    protected StoreFixture fixture() {
        return REDIS;
    }
}
