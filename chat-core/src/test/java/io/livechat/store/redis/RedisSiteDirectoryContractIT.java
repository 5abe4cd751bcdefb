package io.livechat.store.redis;

import io.livechat.store.SiteDirectoryContract;
import io.livechat.store.StoreFixture;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@link SiteDirectoryContract} on a real Redis. */
class RedisSiteDirectoryContractIT extends SiteDirectoryContract {

    @RegisterExtension
    static final EmbeddedRedisExtension REDIS = new EmbeddedRedisExtension();

    @Override
    protected StoreFixture fixture() {
        return REDIS;
    }
}
