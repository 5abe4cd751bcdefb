package io.livechat.it;

import io.livechat.config.ChatConfig;
import io.livechat.gateway.GatewayNode;
import io.livechat.server.ServerNode;
import io.livechat.store.redis.RedisKeys;
import io.livechat.testsupport.ClusterNode;
import io.livechat.testsupport.RedisClusterProcess;
import io.livechat.testsupport.TestAgent;
import io.livechat.testsupport.TestCluster;
import io.livechat.testsupport.TestVisitor;
import io.livechat.testsupport.Transport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A Redis Cluster master dies (SIGKILL) in the middle of a chat: its replica takes over, and the chat goes on with
 * every livechat process left running; what was acknowledged before the crash (and replicated) is all there, and
 * what was refused during the failover is retried by the clients with the same ids, as the protocol says.
 */
class RedisClusterFailoverIT extends ClusterTestBase {

    private static final Duration FAILOVER = Duration.ofSeconds(40);
    private static final Pattern OFFSET = Pattern.compile("master_repl_offset:(\\d+)");

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster(Map.of(), RedisClusterProcess.start());
    }

    @ParameterizedTest
    @MethodSource("transports")
    void chatGoesOnWhenTheMasterOfTheConversationAndOfTheGatewaysChannelDies(Transport transport) throws Exception {
        RedisClusterProcess redis = cluster.redisCluster();
        String gatewayId = gatewayOnAMasterWithAReplica(redis);
        GatewayNode a = gateway(gatewayId);
        ServerNode s = server("srv-1");
        TestAgent agent = deskOn(s);
        ClusterNode master = redis.masterFor(RedisKeys.nodeChannel(gatewayId));
        TestVisitor v = visitorWhoseConversationLivesOn(master, url(a));
        v.follow(url(a), transport);

        exchange(v, agent, 1, 5);
        await().atMost(AWAIT).until(() -> v.shownSeqs().size() == 10 && agent.messages(v.conversationId).size() == 10);
        awaitReplicated(redis, master);

        redis.killMaster(master);
        exchange(v, agent, 6, 10);

        await().atMost(FAILOVER).until(() -> v.shownSeqs().size() == 20 && agent.messages(v.conversationId).size() == 20);
        assertEquals(oneTo(20), v.shownSeqs(), "the visitor saw each message once, in order");
        assertEquals(oneTo(20), agent.seqs(v.conversationId), "the desk saw each message once, in order");
        await().atMost(FAILOVER).until(() -> cluster.storedSeqs(v.conversationId).size() == 20);
        assertEquals(oneTo(20), cluster.storedSeqs(v.conversationId));
    }

    /** A gateway id whose node channel a master with a replica serves (an earlier test may have killed one). */
    private static String gatewayOnAMasterWithAReplica(RedisClusterProcess redis) {
        for (int i = 0; i < 100; i++) {
            String id = "gw-" + i;
            if (!redis.replicasOf(redis.masterFor(RedisKeys.nodeChannel(id))).isEmpty()) {
                return id;
            }
        }
        throw new AssertionError("no master with a replica is left");
    }

    /** A new visitor whose conversation's keys hash to a slot {@code master} serves (a third of all, by chance). */
    private TestVisitor visitorWhoseConversationLivesOn(ClusterNode master, String gateway) {
        RedisKeys keys = new RedisKeys(ChatConfig.DEFAULT_REDIS_SHARDS);
        for (int i = 0; i < 40; i++) {
            TestVisitor candidate = track(TestVisitor.create(gateway, "demo"));
            if (master.serves(cluster.redisCluster().slot(keys.conversation(candidate.conversationId)))) {
                return candidate;
            }
        }
        throw new AssertionError("no conversation landed on " + master + " in 40 tries");
    }

    /**
     * The visitor sends messages {@code from..to} and the agent replies to each; a send refused while the cluster
     * fails over is retried with the same client id until it is acknowledged, as a client does.
     */
    private void exchange(TestVisitor v, TestAgent agent, int from, int to) {
        for (int i = from; i <= to; i++) {
            String visitorId = "v-" + i;
            int n = i;
            await().atMost(FAILOVER).pollInterval(Duration.ofMillis(200))
                    .until(() -> v.send(visitorId, "visitor " + n).status() == 200);
            String agentId = "a-" + i;
            await().atMost(FAILOVER).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (acked(agent, agentId)) {
                    return true;
                }
                agent.reply(v.conversationId, agentId, "agent " + n);
                return false;
            });
        }
    }

    private static boolean acked(TestAgent agent, String clientMsgId) {
        return agent.ws().frames("ack").stream().map(f -> f.path("clientMsgId").asText())
                .anyMatch(clientMsgId::equals);
    }

    /** Waits until the master's replica has everything the master has (so that the kill loses nothing acked). */
    private static void awaitReplicated(RedisClusterProcess redis, ClusterNode master) {
        ClusterNode replica = redis.replicasOf(master).get(0);
        long target = offset(redis, master);
        await().atMost(AWAIT).until(() -> offset(redis, replica) >= target);
    }

    private static long offset(RedisClusterProcess redis, ClusterNode node) {
        Object info = redis.call(node, "INFO", "replication");
        String text = info instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
                : String.valueOf(info);
        Matcher m = OFFSET.matcher(text);
        assertNotNull(m.find() ? m : null, "INFO replication of " + node + ": " + text);
        return Long.parseLong(m.group(1));
    }

    private static List<Long> oneTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }
}
