package io.livechat.store.redis;

import io.livechat.store.VisitorSessionsContract;
import io.livechat.store.StoreFixture;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@link VisitorSessionsContract} on a real Redis. */
class RedisVisitorSessionsContractIT extends VisitorSessionsContract {

    @RegisterExtension
    static final EmbeddedRedisExtension REDIS = new EmbeddedRedisExtension();

    @Override
    protected StoreFixture fixture() {
        return REDIS;
    }
}
