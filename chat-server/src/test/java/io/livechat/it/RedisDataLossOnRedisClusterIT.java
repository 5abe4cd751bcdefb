package io.livechat.it;

import io.livechat.testsupport.RedisClusterProcess;
import io.livechat.testsupport.TestCluster;
import io.livechat.testsupport.Transport;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/**
 * The scenarios of {@link RedisDataLossIT} on a real Redis Cluster: {@code FLUSHALL} on every master mid-chat (the
 * restart without persistence is a scenario of the single embedded Redis and is not run here). Conversations, their
 * restore and the agent-tier channel then live on hash-tagged shards and sharded pub/sub.
 */
class RedisDataLossOnRedisClusterIT extends RedisDataLossIT {

    /** Hides {@link RedisDataLossIT#startCluster()}: the same nodes, on the Redis Cluster. */
    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster(Map.of("CHAT_REGISTRY_TTL_SECONDS", "3"), RedisClusterProcess.start());
    }

    /**
     * Not a test here (JUnit runs an overridden test method only where it is annotated): restarting the single
     * embedded Redis has no cluster counterpart in this harness; {@code FLUSHALL} on every master covers the loss.
     */
    @Override
    void visitorAndDeskLearnTheNewEpochAfterRedisRestartedWithoutPersistence(Transport transport) {
    }
}
