package io.livechat.store.redis;

import io.livechat.store.StoreFixture;
import io.livechat.store.Stores;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server (embedded-redis) on a free port for a test class, emptied before each test, and the Redis
 * stores over it with {@link #SHARDS} shards so that a conversation's keys land on several shards. Register it
 * with {@code @RegisterExtension static}.
 */
public final class EmbeddedRedisExtension implements StoreFixture, BeforeAllCallback, AfterAllCallback,
        BeforeEachCallback {

    public static final int SHARDS = 4;

    private RedisServer server;
    private RedisBackend backend;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
                .setting("appendonly no").build();
        server.start();
        backend = RedisBackend.connect("redis://127.0.0.1:" + port, null);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        backend.async().flushall().get(5, TimeUnit.SECONDS);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (backend != null) {
            backend.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Override
    public Stores stores(int historyCap, int leaseSeconds) {
        return RedisStores.create(backend, SHARDS, historyCap, 1, leaseSeconds);
    }

    /**
     * Redis expires leases by its own clock, so the time is really waited out; a sleep, not a poll, because
     * there is nothing to poll for: the lease running out is what the test then checks.
     */
    @Override
    public void passTime(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public RedisBackend backend() {
        return backend;
    }
}
