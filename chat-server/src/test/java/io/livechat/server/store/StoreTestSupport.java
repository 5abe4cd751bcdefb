package io.livechat.server.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;


import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import io.livechat.server.infra.EmbeddedRedis;
import io.livechat.store.RedisKeys;
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

    /** Appends one transcript entry with the stream's field names, as the gateway's Lua script would. */
    static String appendTranscript(RedisCommands<String, String> redis, String conv, long seq, String agent) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put(RedisKeys.F_CONV, conv);
        f.put(RedisKeys.F_SEQ, Long.toString(seq));
        f.put(RedisKeys.F_CLIENT_MSG_ID, "c-" + seq);
        f.put(RedisKeys.F_FROM, "visitor");
        f.put(RedisKeys.F_SENDER_ID, "visitor-" + conv);
        f.put(RedisKeys.F_SENDER_NAME, "Ada");
        f.put(RedisKeys.F_TEXT, "message " + seq + " of " + conv);
        f.put(RedisKeys.F_TS, Long.toString(1_700_000_000_000L + seq));
        f.put(RedisKeys.F_SITE, "demo");
        f.put(RedisKeys.F_VISITOR, "visitor-" + conv);
        f.put(RedisKeys.F_AGENT, agent == null ? "" : agent);
        return redis.xadd(RedisKeys.TRANSCRIPT_STREAM, f);
    }
}
