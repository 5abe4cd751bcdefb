package io.livechat.load.target;

import io.livechat.config.ChatConfig;
import io.livechat.server.Launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The all-in-one server started in this JVM through {@link Launcher#allInOne}, on free ports and a temporary data
 * folder: robust for the smoke tests, but CPU and memory then include the generator.
 */
public final class InProcessServer implements ServerTarget {

    private final Launcher launcher;
    private final Path dataDir;
    private final int postgresPort;
    private final int redisPort = ServerTarget.freePort();

    public InProcessServer() throws Exception {
        this(Map.of());
    }

    /** With extra settings (e.g. {@code CHAT_ADMIN_TOKEN}). */
    public InProcessServer(Map<String, String> extra) throws Exception {
        dataDir = Files.createTempDirectory("livechat-load");
        postgresPort = ServerTarget.freePort();
        Map<String, String> settings = new java.util.HashMap<>(extra);
        settings.putAll(Map.of(
                "CHAT_DATA_DIR", dataDir.toString(),
                "CHAT_GATEWAY_PORT", "0",
                "CHAT_SERVER_PORT", "0",
                "CHAT_EMBEDDED_REDIS_PORT", String.valueOf(redisPort),
                "CHAT_EMBEDDED_POSTGRES_PORT", String.valueOf(postgresPort)));
        launcher = Launcher.allInOne(ChatConfig.of(settings));
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int gatewayPort() {
        return launcher.gatewayNode().port();
    }

    @Override
    public int serverPort() {
        return launcher.serverNode().port();
    }

    @Override
    public int postgresPort() {
        return postgresPort;
    }

    @Override
    public String redisUrl() {
        return "redis://127.0.0.1:" + redisPort;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public long pid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public boolean inProcess() {
        return true;
    }

    @Override
    public void gc() {
        System.gc();
    }

    @Override
    public void close() {
        launcher.close();
        SubprocessServer.deleteQuietly(dataDir);
    }
}
