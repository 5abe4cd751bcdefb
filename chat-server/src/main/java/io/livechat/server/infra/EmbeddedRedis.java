package io.livechat.server.infra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real redis-server from Maven (embedded-redis) for the zero-setup default: append-only file in the data
 * folder, so conversations and the transcript hand-off survive a restart.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);

    private final RedisServer server;
    private final int port;

    private EmbeddedRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts redis-server on 127.0.0.1:{@code port}, persisting under {@code dir} when it is not null. */
    public static EmbeddedRedis start(int port, Path dir) throws IOException {
        var builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1");
        if (dir != null) {
            Files.createDirectories(dir);
            builder.setting("dir " + dir.toAbsolutePath())
                    .setting("appendonly yes")
                    .setting("appendfsync everysec");
        } else {
            builder.setting("save \"\"").setting("appendonly no");
        }
        RedisServer server = builder.build();
        server.start();
        LOG.info("embedded Redis on 127.0.0.1:{}{}", port, dir == null ? "" : " (data in " + dir + ")");
        return new EmbeddedRedis(server, port);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public void stop() {
        try {
            server.stop();
        } catch (IOException e) {
            LOG.warn("stopping embedded Redis: {}", e.toString());
        }
    }

    @Override
    public void close() {
        stop();
    }
}
