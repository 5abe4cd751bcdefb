package io.livechat.server.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.function.Function;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.livechat.protocol.ChatMessage;
import io.livechat.store.TranscriptHandoff;
import io.livechat.store.redis.RedisBackend;
import io.livechat.store.redis.RedisKeys;
import io.livechat.store.redis.RedisStores;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The Redis-to-PostgreSQL hand-off against real embedded Redis and PostgreSQL, outages included. */
class TranscriptWriterIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static StoreTestSupport.TestRedis redisServer;
    static RedisClient client;
    static StatefulRedisConnection<String, String> connection;
    static RedisCommands<String, String> redis;
    static RedisBackend backend;
    static Function<TranscriptHandoff.Options, TranscriptHandoff> handoff;
    static Database db;

    PrometheusMeterRegistry registry;
    TranscriptWriter writer;

    @BeforeAll
    static void startServers() throws Exception {
        redisServer = StoreTestSupport.startRedis();
        client = redisServer.client();
        connection = client.connect();
        redis = connection.sync();
        backend = RedisBackend.connect("redis://127.0.0.1:" + redisServer.port(), "");
        handoff = RedisStores.create(backend, StoreTestSupport.KEYS.shards(), 1000, 1, 60).handoff();
        db = StoreTestSupport.startDatabase(dir);
    }

    @AfterAll
    static void stopServers() throws Exception {
        connection.close();
        backend.close();
        client.shutdown();
        redisServer.close();
        db.close();
    }

    @BeforeEach
    void cleanSlate() throws Exception {
        redis.flushall();
        sql("truncate messages, conversations");
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @AfterEach
    void stopWriter() {
        if (writer != null) {
            writer.close();
        }
    }

    @Test
    void appendedEntriesLandInPostgresInOrderExactlyOnce() throws Exception {
        writer = new TranscriptWriter(db.dataSource(), handoff, "node-a", registry).start();
        for (long seq = 1; seq <= 20; seq++) {
            for (String conv : List.of("conv-a", "conv-b", "conv-c")) {
                StoreTestSupport.appendTranscript(redis, conv, seq, conv.equals("conv-a") && seq > 10 ? "7" : "");
            }
        }

        awaitStored(60);
        TranscriptRepository transcripts = new TranscriptRepository(db.dataSource());
        List<ChatMessage> a = transcripts.messagesAfter("conv-a", 0, 100);
        assertEquals(LongStream.rangeClosed(1, 20).boxed().toList(), a.stream().map(ChatMessage::seq).toList());
        assertEquals(new ChatMessage("conv-a", 1, "c-1", "visitor", "visitor-conv-a", "Ada", "message 1 of conv-a",
                1_700_000_000_001L), a.get(0));
        assertEquals(List.of(16L, 17L, 18L, 19L, 20L),
                transcripts.messagesAfter("conv-a", 15, 100).stream().map(ChatMessage::seq).toList());

        List<ConversationRow> mine = transcripts.conversationsForAgent(7, 10);
        assertEquals(List.of(new ConversationRow("conv-a", "demo", "visitor-conv-a", 7L, "open", 20,
                1_700_000_000_001L, -1)), mine);
        String scrape = registry.scrape();
        for (String name : List.of("chat_transcript_rows_total 60.0", "chat_transcript_batch_size_count",
                "chat_transcript_flush_seconds_count", "chat_postgres_errors_total",
                "chat_redis_errors_total{component=\"transcript-writer\"}")) {
            assertTrue(scrape.contains(name), () -> name + " missing from\n" + scrape);
        }
    }

    @Test
    void sameSeqAppendedTwiceAndRetriedBatchesCreateOneRowEach() throws Exception {
        for (long seq = 1; seq <= 5; seq++) {
            StoreTestSupport.appendTranscript(redis, "conv-dup", seq, "");
        }
        for (long seq = 1; seq <= 5; seq++) {
            StoreTestSupport.appendTranscript(redis, "conv-dup", seq, ""); // duplicates inside one batch
        }
        writer = new TranscriptWriter(db.dataSource(), handoff, "node-a", registry).start();
        awaitStored(5);

        for (long seq = 3; seq <= 7; seq++) {
            StoreTestSupport.appendTranscript(redis, "conv-dup", seq, ""); // a later batch repeating 3..5
        }
        awaitStored(7);
        assertExactlyOnce(Map.of("conv-dup", 7L));
    }

    @Test
    void ownPendingEntriesAreRewrittenAfterACrashBetweenCommitAndAck() throws Exception {
        for (long seq = 1; seq <= 10; seq++) {
            StoreTestSupport.appendTranscript(redis, "conv-crash", seq, "");
        }
        // A writer named node-x read all ten, committed the first five, and died before acknowledging anything.
        String stream = StoreTestSupport.stream("conv-crash");
        redis.xgroupCreate(StreamOffset.from(stream, "0"), RedisKeys.TRANSCRIPT_GROUP, XGroupCreateArgs.Builder.mkstream());
        var delivered = redis.xreadgroup(Consumer.from(RedisKeys.TRANSCRIPT_GROUP, "node-x"),
                XReadArgs.Builder.count(10), StreamOffset.lastConsumed(stream));
        assertEquals(10, delivered.size());
        List<TranscriptEntry> firstFive = delivered.subList(0, 5).stream()
                .map(m -> TranscriptEntry.fromStream(m.getId(), m.getBody())).toList();
        new TranscriptStore(db.dataSource(), BatchInserter.multiRowValues()).write(firstFive);

        writer = new TranscriptWriter(db.dataSource(), handoff, "node-x", registry).start();
        awaitStored(10);
        assertExactlyOnce(Map.of("conv-crash", 10L));
    }

    @Test
    void deadWritersPendingEntriesAreClaimedAndWritten() throws Exception {
        String stream = StoreTestSupport.stream("conv-orphan");
        redis.xgroupCreate(StreamOffset.from(stream, "0"), RedisKeys.TRANSCRIPT_GROUP, XGroupCreateArgs.Builder.mkstream());
        for (long seq = 1; seq <= 10; seq++) {
            StoreTestSupport.appendTranscript(redis, "conv-orphan", seq, "");
        }
        redis.xreadgroup(Consumer.from(RedisKeys.TRANSCRIPT_GROUP, "node-dead"), XReadArgs.Builder.count(10),
                StreamOffset.lastConsumed(stream));

        writer = new TranscriptWriter(db.dataSource(), handoff, "node-b", registry, BatchInserter.jdbcBatch(), 500,
                Duration.ofMillis(200), Duration.ofMillis(200)).start();
        awaitStored(10);
        assertExactlyOnce(Map.of("conv-orphan", 10L));
    }

    @Test
    void entriesLeftInTheStreamOfVersionsBeforeTheShardsAreStoredToo() throws Exception {
        for (long seq = 1; seq <= 5; seq++) {
            StoreTestSupport.appendTranscript(redis, RedisKeys.LEGACY_TRANSCRIPT_STREAM, "conv-old", seq, "");
        }
        writer = new TranscriptWriter(db.dataSource(), handoff, "node-a", registry).start();
        for (long seq = 6; seq <= 8; seq++) {
            StoreTestSupport.appendTranscript(redis, "conv-old", seq, "");
        }
        awaitStored(8);
        assertEquals(0L, redis.xlen(RedisKeys.LEGACY_TRANSCRIPT_STREAM));
        assertExactlyOnce(Map.of("conv-old", 8L));
    }

    @Test
    void postgresOutageWhileMessagesFlowLosesAndDoublesNothing() throws Exception {
        writer = new TranscriptWriter(db.dataSource(), handoff, "node-a", registry).start();
        EmbeddedPostgresServer postgres = db.embeddedServer().orElseThrow();
        List<String> convs = List.of("conv-1", "conv-2", "conv-3");
        int total = 300;
        AtomicInteger produced = new AtomicInteger();
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                for (int i = 0; i < total; i++) {
                    StoreTestSupport.appendTranscript(c.sync(), convs.get(i % 3), i / 3 + 1, "");
                    produced.incrementAndGet();
                    Thread.sleep(15); // pacing: about 4.5 s of traffic
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        await().atMost(WAIT).until(() -> produced.get() >= 80);
        postgres.stop();
        await().atMost(WAIT).until(() -> produced.get() >= 200 && !db.isHealthy());
        postgres.start();
        producer.get();

        awaitStored(total);
        assertExactlyOnce(Map.of("conv-1", 100L, "conv-2", 100L, "conv-3", 100L));
        assertTrue(registry.get("chat.postgres.errors").counter().count() > 0, "the outage was counted");
        await().atMost(WAIT).until(db::isHealthy);
    }

    /** Waits until PostgreSQL holds {@code rows} messages and the stream is drained and fully acknowledged. */
    private void awaitStored(long rows) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertEquals(rows, queryLong("select count(*) from messages"));
            long left = 0;
            for (int shard = 0; shard < StoreTestSupport.KEYS.shards(); shard++) {
                left += redis.xlen(StoreTestSupport.KEYS.transcripts(shard));
            }
            assertEquals(0L, left);
            assertEquals(0L, writer.pendingCount());
        });
    }

    /** Each conversation holds seq 1..n, each exactly once, and its last_seq is n. */
    private void assertExactlyOnce(Map<String, Long> expected) throws Exception {
        Map<String, Long> actual = new HashMap<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select m.conversation_id, count(*), count(distinct m.seq), min(m.seq),"
                     + " max(m.seq), max(c.last_seq) from messages m join conversations c using (conversation_id)"
                     + " group by m.conversation_id")) {
            while (rs.next()) {
                long n = rs.getLong(2);
                assertEquals(n, rs.getLong(3), "distinct seqs");
                assertEquals(1, rs.getLong(4), "first seq");
                assertEquals(n, rs.getLong(5), "last seq");
                assertEquals(n, rs.getLong(6), "conversations.last_seq");
                actual.put(rs.getString(1), n);
            }
        }
        assertEquals(expected, actual);
    }

    private static long queryLong(String query) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
