package io.livechat.it;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.event.cluster.AdaptiveRefreshTriggeredEvent;
import io.livechat.testsupport.ClusterNode;
import io.livechat.testsupport.RedisClusterProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Redis Cluster harness ({@link RedisClusterProcess}) driven by Lettuce's cluster client, and the client facts the
 * product's move to Redis Cluster rests on: hash-tagged keys in one script, sharded pub/sub, failover without a new
 * client, what becomes of a sharded subscription when its master dies, and where {@code WAIT} has to be sent.
 */
class RedisClusterProcessIT {

    private static final Logger LOG = LoggerFactory.getLogger(RedisClusterProcessIT.class);
    private static final String TAG = "{conv:42}";
    private static final String KEY = TAG + ":state";
    private static final String CHANNEL = TAG + ":node-events";
    /** Long enough that a command stuck on a dead node's connection would show as a timeout, not as a slow success. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private RedisClusterProcess cluster;
    private RedisClusterClient client;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = RedisClusterProcess.start();
        client = clusterClient(cluster.seedUris());
    }

    @AfterEach
    void stopCluster() {
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * The client options that make a master's death transparent. Lettuce 7 enables every adaptive refresh trigger by
     * default but lets them refresh at most once per 5 s, and the first refresh after a crash comes before the
     * promotion, so writes resumed only ~10 s after the kill; at most once per 1 s (or a 1 s periodic refresh) they
     * resume ~1 s after the promotion; with no refresh at all they never do. The periodic refresh also covers a client
     * that sends nothing to trigger one. The node filter leaves out nodes the cluster flags failed, so the dead
     * master's connection is closed as stale and the commands queued on it are re-routed, or fail at once while no
     * node serves their slot, instead of waiting out their timeout.
     */
    static RedisClusterClient clusterClient(List<String> seeds) {
        List<RedisURI> uris = seeds.stream().map(RedisURI::create).toList();
        uris.forEach(uri -> uri.setTimeout(COMMAND_TIMEOUT));
        RedisClusterClient client = RedisClusterClient.create(uris);
        client.setOptions(ClusterClientOptions.builder()
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
                        .enablePeriodicRefresh(Duration.ofSeconds(2))
                        .build())
                .nodeFilter(node -> !(node.is(NodeFlag.FAIL) || node.is(NodeFlag.EVENTUAL_FAIL)
                        || node.is(NodeFlag.NOADDR)))
                .timeoutOptions(TimeoutOptions.enabled())
                .build());
        return client;
    }

    @Test
    void keysSharingAHashTagAreUpdatedTogetherByOneScript() {
        String seq = TAG + ":seq";
        String log = TAG + ":log";
        assertEquals(cluster.slot(seq), cluster.slot(log));
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            RedisAdvancedClusterCommands<String, String> redis = connection.sync();
            String append = "local n = redis.call('INCR', KEYS[1]) redis.call('RPUSH', KEYS[2], n .. ':' .. ARGV[1])"
                    + " return n";
            assertEquals(1L, (Long) redis.eval(append, ScriptOutputType.INTEGER, new String[] {seq, log}, "hello"));
            assertEquals(2L, (Long) redis.eval(append, ScriptOutputType.INTEGER, new String[] {seq, log}, "again"));
            assertEquals(List.of("1:hello", "2:again"), redis.lrange(log, 0, -1));

            // the same script over keys without a shared tag is refused by the cluster, not split by the client
            Exception crossSlot = assertThrows(Exception.class, () -> redis.eval(append, ScriptOutputType.INTEGER,
                    new String[] {"{a}:seq", "{b}:log"}, "x"));
            assertTrue(crossSlot.getMessage().contains("CROSSSLOT"), crossSlot.getMessage());
        }
    }

    @Test
    void shardedMessageReachesTheSubscriberThroughTheChannelsMaster() throws Exception {
        try (StatefulRedisClusterConnection<String, String> connection = client.connect();
             StatefulRedisClusterPubSubConnection<String, String> subscriber = client.connectPubSub()) {
            BlockingQueue<String> received = listen(subscriber);
            subscriber.sync().ssubscribe(CHANNEL);

            ClusterNode master = cluster.masterFor(CHANNEL);
            assertEquals(List.of(CHANNEL, 1L), cluster.call(master, "PUBSUB", "SHARDNUMSUB", CHANNEL),
                    "the subscription sits on the master of the channel's slot");
            assertEquals(1L, connection.sync().spublish(CHANNEL, "hello"));
            assertEquals("hello@" + master.port(), received.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void writesResumeOnTheSameClientWhenTheKeysMasterIsKilled() throws Exception {
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            RedisAdvancedClusterCommands<String, String> redis = connection.sync();
            ClusterNode victim = cluster.masterFor(KEY);
            redis.set(KEY, "before");
            assertEquals(1L, connection.getConnection(ClusterNode.HOST, victim.port()).sync().waitForReplication(1, 2000),
                    "the write reached the replica before the crash");

            long killedAt = System.nanoTime();
            Disposable refreshLog = logRefreshes(killedAt);
            cluster.kill(victim);
            RedisFuture<String> duringOutage = connection.async().set(TAG + ":during", "x");
            ClusterNode promoted = cluster.awaitFailover(victim);
            long promotedMs = millisSince(killedAt);
            assertEquals("before", cluster.call(promoted, "GET", KEY), "a write WAIT confirmed outlives its master");

            await("writes through the same client").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions().until(() -> "OK".equals(redis.set(KEY, "after")));
            long resumedMs = millisSince(killedAt);
            LOG.info("master :{} killed; replica :{} promoted after {} ms; writes through the same client resumed after"
                    + " {} ms", victim.port(), promoted.port(), promotedMs, resumedMs);
            refreshLog.dispose();
            assertEquals("after", redis.get(KEY));
            assertEquals(promoted.port(), connection.getPartitions().getMasterBySlot(cluster.slot(KEY)).getUri().getPort());

            // queued on the dead master's connection, it is re-routed or failed once that connection is found stale
            Throwable outcome = duringOutage.toCompletableFuture().handle((ok, error) -> error).get(10, TimeUnit.SECONDS);
            LOG.info("write issued while the master was down ended {}", outcome == null ? "OK" : outcome.toString());
            assertTrue(!(outcome instanceof RedisCommandTimeoutException), "stuck until its timeout: " + outcome);

            // the promoted master has no replica left: WAIT 1 times out with 0 until one is added
            assertEquals(0L, connection.getConnection(ClusterNode.HOST, promoted.port()).sync().waitForReplication(1, 200));
        }
    }

    @Test
    void shardedSubscriptionDiesWithItsMasterAndMustBeRenewedOnTopologyChange() throws Exception {
        try (StatefulRedisClusterConnection<String, String> connection = client.connect();
             StatefulRedisClusterPubSubConnection<String, String> plain = client.connectPubSub();
             StatefulRedisClusterPubSubConnection<String, String> renewing = client.connectPubSub()) {
            BlockingQueue<String> plainReceived = listen(plain);
            BlockingQueue<String> renewingReceived = listen(renewing);
            plain.sync().ssubscribe(CHANNEL);
            renewing.sync().ssubscribe(CHANNEL);
            // called on Lettuce's event bus thread: only hands the SSUBSCRIBE to the client, never waits for it
            Disposable renewal = client.getResources().eventBus().get()
                    .filter(ClusterTopologyChangedEvent.class::isInstance)
                    .subscribe(event -> renewing.async().ssubscribe(CHANNEL));
            try {
                connection.sync().spublish(CHANNEL, "before");
                assertEquals("before", body(plainReceived.poll(5, TimeUnit.SECONDS)));
                assertEquals("before", body(renewingReceived.poll(5, TimeUnit.SECONDS)));

                ClusterNode promoted = cluster.killMasterFor(CHANNEL);
                String renewed = await("the renewed subscription").atMost(Duration.ofSeconds(15))
                        .pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                            connection.sync().spublish(CHANNEL, "after");
                            return renewingReceived.poll(100, TimeUnit.MILLISECONDS);
                        }, message -> message != null);
                assertEquals("after@" + promoted.port(), renewed);

                // Lettuce 7.7 re-subscribes a node connection that reconnects to the same node, not on the new master
                connection.sync().spublish(CHANNEL, "lost");
                assertNull(plainReceived.poll(2, TimeUnit.SECONDS), "the plain subscription is gone");
                assertEquals(List.of(CHANNEL, 1L), cluster.call(promoted, "PUBSUB", "SHARDNUMSUB", CHANNEL),
                        "only the renewed subscription is on the promoted master");

                plain.sync().ssubscribe(CHANNEL);
                renewingReceived.clear();
                connection.sync().spublish(CHANNEL, "again");
                assertEquals("again@" + promoted.port(), plainReceived.poll(5, TimeUnit.SECONDS));
                assertEquals("again@" + promoted.port(), renewingReceived.poll(5, TimeUnit.SECONDS));
                assertNull(renewingReceived.poll(500, TimeUnit.MILLISECONDS), "renewal does not duplicate messages");
            } finally {
                renewal.dispose();
            }
        }
    }

    @Test
    void waitCountsReplicasOnlyOnTheNodeConnectionThatCarriedTheWrite() throws Exception {
        try (StatefulRedisClusterConnection<String, String> connection = client.connect();
             StatefulRedisClusterConnection<String, String> other = client.connect()) {
            ClusterNode master = cluster.masterFor(KEY);
            ClusterNode replica = cluster.replicasOf(master).get(0);
            // slot-routed commands travel on the connection pooled under the master's host and port
            StatefulRedisConnection<String, String> node = connection.getConnection(ClusterNode.HOST, master.port());
            connection.sync().set(KEY, "1");
            assertEquals(1L, node.sync().waitForReplication(1, 2000));

            other.sync().get(KEY); // its node connection is open before the clock starts

            cluster.freeze(replica);
            try {
                connection.sync().set(KEY, "2");
                long start = System.nanoTime();
                Object answer = clusterWideWait(connection);
                assertTrue(millisSince(start) < 500 && !Long.valueOf(0).equals(answer),
                        "the cluster connection's WAIT goes to its default node and answers at once: " + answer);

                start = System.nanoTime();
                RedisFuture<Long> wait = node.async().waitForReplication(1, 1000);
                RedisFuture<String> sameNode = connection.async().get(KEY);
                String fromOtherConnection = other.sync().get(KEY);
                long otherMs = millisSince(start);
                assertEquals(0L, wait.get(5, TimeUnit.SECONDS), "the frozen replica has not acknowledged");
                assertEquals("2", sameNode.get(5, TimeUnit.SECONDS));
                long sameNodeMs = millisSince(start);
                assertTrue(sameNodeMs >= 950, "a GET behind the WAIT waits for it: " + sameNodeMs + " ms");
                assertEquals("2", fromOtherConnection);
                assertTrue(otherMs < 500, "another cluster connection is not held up: " + otherMs + " ms");
            } finally {
                cluster.thaw(replica);
            }
            assertEquals(1L, node.sync().waitForReplication(1, 5000));
        }
    }

    /** Logs what made the client refresh its topology, and when: called on Lettuce's event bus thread. */
    private Disposable logRefreshes(long since) {
        return client.getResources().eventBus().get().subscribe(event -> {
            if (event instanceof AdaptiveRefreshTriggeredEvent trigger) {
                LOG.info("{} ms: adaptive refresh triggered by {}", millisSince(since), trigger.getRefreshTrigger());
            } else if (event instanceof ClusterTopologyChangedEvent) {
                LOG.info("{} ms: the client's topology changed", millisSince(since));
            }
        });
    }

    private static Object clusterWideWait(StatefulRedisClusterConnection<String, String> connection) {
        try {
            return connection.sync().waitForReplication(1, 1000);
        } catch (RuntimeException e) {
            return e.getMessage(); // when the default node is a replica: "WAIT cannot be used with replica instances"
        }
    }

    /** Collects sharded messages as "body@port of the node that delivered it". */
    private static BlockingQueue<String> listen(StatefulRedisClusterPubSubConnection<String, String> subscriber) {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        subscriber.addListener(new RedisClusterPubSubAdapter<>() {
            /** Called on a Lettuce event loop thread; only queues. */
            @Override
            public void smessage(RedisClusterNode node, String channel, String message) {
                received.add(message + "@" + (node == null ? "?" : node.getUri().getPort()));
            }
        });
        return received;
    }

    private static String body(String received) {
        return received == null ? null : received.substring(0, received.lastIndexOf('@'));
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
