package io.livechat.store.redis;

import io.livechat.store.SocketTicketsContract;
import io.livechat.store.StoreFixture;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@link SocketTicketsContract} on a real Redis. */
class RedisSocketTicketsContractIT extends SocketTicketsContract {

    @RegisterExtension
    static final EmbeddedRedisExtension REDIS = new EmbeddedRedisExtension();

    @Override
    protected StoreFixture fixture() {
        return REDIS;
    }
}
