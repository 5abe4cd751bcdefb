package io.livechat.it;

import io.livechat.gateway.GatewayNode;
import io.livechat.server.ServerNode;
import io.livechat.store.redis.RedisKeys;
import io.livechat.testsupport.TestCluster;
import io.livechat.testsupport.TestVisitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent server holding a transcript batch it has read but not yet stored is killed with SIGKILL (a real
 * process, {@code kill -9}): PostgreSQL is kept from committing by a table lock meanwhile, so the batch is in the
 * dead process's memory only, pending in Redis. Restarted under the same node id, the server stores every
 * acknowledged message exactly once.
 */
class TranscriptWriterCrashIT extends ClusterTestBase {

    private static final int VISITORS = 5;
    private static final int MESSAGES = 20;
    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster();
    }

    @AfterEach
    void killProcesses() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void everyAcknowledgedMessageIsStoredOnceAfterAKillNineWithBatchesInHand() throws Exception {
        ServerNode seeding = cluster.server("srv-seed"); // publishes the demo site to Redis and PostgreSQL
        cluster.kill(seeding); // its own writer stops: only the process below stores transcripts
        GatewayNode g = gateway("gw-a");

        Set<String> acknowledged = new TreeSet<>();
        try (Connection lock = DriverManager.getConnection(cluster.postgres().jdbcUrl(), "postgres", "")) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                // blocks every write to the table, not reads
                s.execute("lock table messages in exclusive mode");
            }
            for (int i = 0; i < VISITORS; i++) {
                TestVisitor v = track(TestVisitor.create(url(g), "demo"));
                for (int m = 0; m < MESSAGES; m++) {
                    String id = "v" + i + "-m" + m;
                    assertEquals(200, v.send(id, "message " + id).status());
                    acknowledged.add(id);
                }
            }
            // a writer starting now reads them all in one batch and holds it: delivered to srv-x, not acknowledged
            Process first = startServer("srv-x", "first");
            await().atMost(AWAIT).until(() -> pending() == VISITORS * MESSAGES);
            assertEquals(0, storedRows(), "nothing reached PostgreSQL while the table is locked");
            first.destroyForcibly(); // SIGKILL
            assertTrue(first.waitFor(10, TimeUnit.SECONDS));
            lock.rollback();
        }

        startServer("srv-x", "restarted");
        await().atMost(Duration.ofSeconds(60)).until(() -> storedRows() == VISITORS * MESSAGES && pending() == 0);
        assertEquals(acknowledged, storedClientIds(), "every acknowledged message, once");
    }

    /** Starts {@code java -jar target/livechat.jar server} against the cluster's Redis and PostgreSQL. */
    private Process startServer(String nodeId, String run) throws IOException {
        Path dir = Files.createTempDirectory("livechat-crash");
        Path log = dir.resolve(run + ".log");
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                Path.of("target", "livechat.jar").toString(), "server", "--node-id", nodeId,
                "--set", "CHAT_REDIS_URL=" + cluster.redisUrl(),
                "--set", "CHAT_POSTGRES_URL=" + cluster.postgres().jdbcUrl(),
                "--set", "CHAT_SECRET=" + TestCluster.SECRET, "--set", "CHAT_SERVER_PORT=0",
                "--set", "CHAT_DATA_DIR=" + dir, "--set", "CHAT_DB_POOL_SIZE=3");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        await().atMost(Duration.ofSeconds(60)).until(() -> !p.isAlive()
                || Files.readString(log).contains("Transcript writer " + nodeId + " started"));
        assertTrue(p.isAlive(), () -> "the server did not start: " + read(log));
        return p;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Entries delivered to a writer and not acknowledged, over every shard's hand-off stream. */
    private static long pending() {
        RedisKeys keys = new RedisKeys(cluster.config().redisShards());
        try (var redis = cluster.rawRedis()) {
            long n = 0;
            for (int shard = 0; shard < keys.shards(); shard++) {
                String stream = keys.transcripts(shard);
                if (redis.sync().exists(stream) > 0) {
                    n += redis.sync().xpending(stream, RedisKeys.TRANSCRIPT_GROUP).getCount();
                }
            }
            return n;
        }
    }

    private static long storedRows() throws Exception {
        try (Connection c = DriverManager.getConnection(cluster.postgres().jdbcUrl(), "postgres", "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from messages")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Set<String> storedClientIds() throws Exception {
        Set<String> ids = new TreeSet<>();
        try (Connection c = DriverManager.getConnection(cluster.postgres().jdbcUrl(), "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select client_msg_id, count(*) from messages group by client_msg_id")) {
            while (rs.next()) {
                assertEquals(1, rs.getLong(2), "stored once: " + rs.getString(1));
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
