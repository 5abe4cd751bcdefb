package io.livechat.store.redis;

import io.livechat.store.TranscriptHandoffContract;
import io.livechat.store.StoreFixture;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@link TranscriptHandoffContract} on a real Redis. */
class RedisTranscriptHandoffContractIT extends TranscriptHandoffContract {

    @RegisterExtension
    static final EmbeddedRedisExtension REDIS = new EmbeddedRedisExtension();

    @Override
    protected StoreFixture fixture() {
        return REDIS;
    }
}
