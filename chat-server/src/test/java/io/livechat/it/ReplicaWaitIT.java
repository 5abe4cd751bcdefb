package io.livechat.it;

import io.livechat.config.ChatConfig;
import io.livechat.gateway.GatewayNode;
import io.livechat.store.redis.RedisKeys;
import io.livechat.testsupport.ClusterNode;
import io.livechat.testsupport.Http;
import io.livechat.testsupport.RedisClusterProcess;
import io.livechat.testsupport.TestCluster;
import io.livechat.testsupport.TestVisitor;
import io.livechat.testsupport.Transport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code CHAT_REDIS_WAIT_REPLICAS=1} on a Redis Cluster: a message is acknowledged once its master's replica has it;
 * when the replica does not answer, the acknowledgement waits {@code CHAT_REDIS_WAIT_TIMEOUT_MS}, is given all the
 * same (the message is in the log) and the shortfall is counted.
 */
class ReplicaWaitIT extends ClusterTestBase {

    private static final Pattern SHORT = Pattern.compile(
            "chat_redis_errors_total\\{component=\"replica-wait\"[^}]*} (\\d+(?:\\.\\d+)?)");

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster(Map.of("CHAT_REDIS_WAIT_REPLICAS", "1", "CHAT_REDIS_WAIT_TIMEOUT_MS", "300"),
                RedisClusterProcess.start());
    }

    @Test
    void acknowledgementWaitsForTheReplicaAndCountsWhenItDoesNotAnswer() throws Exception {
        GatewayNode a = gateway("gw-a");
        server("srv-1");
        TestVisitor v = track(TestVisitor.create(url(a), "demo")).follow(url(a), Transport.WEBSOCKET);
        RedisClusterProcess redis = cluster.redisCluster();
        String logKey = new RedisKeys(ChatConfig.DEFAULT_REDIS_SHARDS).conversationLog(v.conversationId);
        ClusterNode replica = redis.replicasOf(redis.masterFor(logKey)).get(0);

        for (int i = 1; i <= 3; i++) {
            assertEquals(200, v.send("healthy-" + i, "hello " + i).status());
        }
        assertEquals(0.0, shortWaits(a), "a healthy replica confirms every message in time");

        redis.freeze(replica);
        try {
            assertEquals(200, v.send("frozen-1", "while the replica sleeps").status(),
                    "acknowledged after the wait although the replica did not confirm");
            assertEquals(1.0, shortWaits(a));
        } finally {
            redis.thaw(replica);
        }
        await().atMost(AWAIT).until(() -> v.shownSeqs().equals(List.of(1L, 2L, 3L, 4L)));
    }

    private static double shortWaits(GatewayNode g) {
        String metrics = Http.get(url(g) + "/metrics").body();
        Matcher m = SHORT.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }
}
