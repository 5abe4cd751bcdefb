package io.livechat.it;

import io.livechat.testsupport.RedisClusterProcess;
import io.livechat.testsupport.TestCluster;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/**
 * Every chat-flow scenario of {@link ChatFlowIT}, unchanged, on a real Redis Cluster (three masters, three
 * replicas, Debian's redis-server 7) instead of one Redis: hash-tagged keys, sharded pub/sub for the node channels,
 * one transcript stream per shard.
 */
class ChatFlowOnRedisClusterIT extends ChatFlowIT {

    /** Hides {@link ChatFlowIT#startCluster()}: the same nodes, on the Redis Cluster. */
    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster(Map.of(), RedisClusterProcess.start());
    }
}
