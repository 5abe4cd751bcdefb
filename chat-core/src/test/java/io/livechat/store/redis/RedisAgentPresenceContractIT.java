package io.livechat.store.redis;

import io.livechat.store.AgentPresenceContract;
import io.livechat.store.StoreFixture;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@link AgentPresenceContract} on a real Redis. */
class RedisAgentPresenceContractIT extends AgentPresenceContract {

    @RegisterExtension
    static final EmbeddedRedisExtension REDIS = new EmbeddedRedisExtension();

    @Override
    protected StoreFixture fixture() {
        return REDIS;
    }
}
