package io.livechat.server.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;


import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import io.livechat.server.infra.EmbeddedRedis;
import io.livechat.store.TranscriptHandoff;
import io.livechat.store.redis.RedisKeys;
import io.livechat.testsupport.TestCluster;

/**
 * Test helpers for the store package: a real embedded Redis and a real embedded PostgreSQL on free ports, and a
 * way to append transcript entries the way the gateway's Lua script does.
 */
final class StoreTestSupport {

    private StoreTestSupport() {
    }

    /** A real redis-server on a free loopback port (the launcher's own embedded Redis), stopped by close(). */
    record TestRedis(EmbeddedRedis server) implements AutoCloseable {

        int port() {
            return server.port();
        }

        RedisURI uri() {
            return RedisURI.create("127.0.0.1", port());
        }

        RedisClient client() {
            return RedisClient.create(uri());
        }

        @Override
        public void close() {
            server.stop();
        }
    }

    /** Starts redis-server on a free port; retries because another process may grab the port in between. */
    static TestRedis startRedis() throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return new TestRedis(EmbeddedRedis.start(TestCluster.freePort(), null));
            } catch (IOException | RuntimeException e) {
                last = e instanceof IOException io ? io : new IOException(e);
            }
        }
        throw last;
    }

    /** A started {@link Database} with embedded PostgreSQL under {@code dir}, on a free port, with a small pool. */
    static Database startDatabase(Path dir) {
        return new Database(new DatabaseConfig("", "", "", dir, 0, 4)).start();
    }

    /** Shards of the hand-off in these tests: more than one, so that a writer reads several streams. */
    static final RedisKeys KEYS = new RedisKeys(4);

    /** The hand-off stream a conversation's messages go to. */
    static String stream(String conv) {
        return KEYS.transcripts(KEYS.shardOf(conv));
    }

    /** Appends one transcript entry to the conversation's stream, as the accept script would. */
    static String appendTranscript(RedisCommands<String, String> redis, String conv, long seq, String agent) {
        return appendTranscript(redis, stream(conv), conv, seq, agent);
    }

    /** Appends one transcript entry with the hand-off's field names to {@code stream}. */
    static String appendTranscript(RedisCommands<String, String> redis, String stream, String conv, long seq,
                                   String agent) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put(TranscriptHandoff.F_CONV, conv);
        f.put(TranscriptHandoff.F_SEQ, Long.toString(seq));
        f.put(TranscriptHandoff.F_CLIENT_MSG_ID, "c-" + seq);
        f.put(TranscriptHandoff.F_FROM, "visitor");
        f.put(TranscriptHandoff.F_SENDER_ID, "visitor-" + conv);
        f.put(TranscriptHandoff.F_SENDER_NAME, "Ada");
        f.put(TranscriptHandoff.F_TEXT, "message " + seq + " of " + conv);
        f.put(TranscriptHandoff.F_TS, Long.toString(1_700_000_000_000L + seq));
        f.put(TranscriptHandoff.F_SITE, "demo");
        f.put(TranscriptHandoff.F_VISITOR, "visitor-" + conv);
        f.put(TranscriptHandoff.F_AGENT, agent == null ? "" : agent);
        return redis.xadd(stream, f);
    }
}
