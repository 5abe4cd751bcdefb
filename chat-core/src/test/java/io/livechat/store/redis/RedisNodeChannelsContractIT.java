package io.livechat.store.redis;

import io.livechat.store.NodeChannelsContract;
import io.livechat.store.StoreFixture;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@link NodeChannelsContract} on a real Redis. */
class RedisNodeChannelsContractIT extends NodeChannelsContract {

    @RegisterExtension
    static final EmbeddedRedisExtension REDIS = new EmbeddedRedisExtension();

    @Override
    protected StoreFixture fixture() {
        return REDIS;
    }
}
