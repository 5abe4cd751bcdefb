package io.livechat.load.target;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code java -jar livechat.jar run} as a child process on free ports with a temporary data folder (so it never
 * collides with a developer's instance), measured on its own; stopped with SIGTERM, then killed if it lingers.
 */
public final class SubprocessServer implements ServerTarget {

    private static final Logger LOG = LoggerFactory.getLogger(SubprocessServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Path dataDir;
    private final int gatewayPort = ServerTarget.freePort();
    private final int serverPort = ServerTarget.freePort();
    private final int postgresPort = ServerTarget.freePort();
    private final int redisPort = ServerTarget.freePort();

    /** Starts the server and waits until both listeners answer {@code /readyz}. */
    public SubprocessServer(Path jar, List<String> jvmOptions) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no server jar at " + jar.toAbsolutePath() + " (build it: mvn -pl chat-server -am package)");
        }
        dataDir = Files.createTempDirectory("livechat-load");
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar.toString(), "run",
                "--set", "CHAT_DATA_DIR=" + dataDir,
                "--set", "CHAT_GATEWAY_PORT=" + gatewayPort,
                "--set", "CHAT_SERVER_PORT=" + serverPort,
                "--set", "CHAT_EMBEDDED_REDIS_PORT=" + redisPort,
                "--set", "CHAT_EMBEDDED_POSTGRES_PORT=" + postgresPort));
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("server.log").toFile()).start();
        LOG.info("server pid {} starting, log in {}", process.pid(), dataDir.resolve("server.log"));
        try {
            awaitReady();
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (int port : new int[] {gatewayPort, serverPort}) {
            ChildProcess.awaitReady(process, START_TIMEOUT, "server", dataDir.resolve("server.log"),
                    () -> ChildProcess.readyz(http, port));
        }
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int gatewayPort() {
        return gatewayPort;
    }

    @Override
    public int serverPort() {
        return serverPort;
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
        return process.pid();
    }

    @Override
    public boolean inProcess() {
        return false;
    }

    @Override
    public void gc() {
        ChildProcess.jcmdGc(pid());
    }

    @Override
    public void close() {
        ChildProcess.stop(process, 30);
        deleteQuietly(dataDir);
    }

    public static void deleteQuietly(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", dir, e.toString());
        }
    }
}
