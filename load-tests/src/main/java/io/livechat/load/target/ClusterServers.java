package io.livechat.load.target;

import io.livechat.security.TokenService;
import io.livechat.server.infra.EmbeddedRedis;
import io.livechat.server.store.EmbeddedPostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The roles as separate processes, as in production: the agent server ({@code livechat.jar server}) and N visitor
 * gateways ({@code livechat.jar gateway}), each its own JVM with its own node id, pointed at one Redis and one
 * PostgreSQL that this generator starts as child processes (the embedded binaries, on free ports). Agent replies
 * then reach visitors only through Redis pub/sub to the visitor's node. As in production, nothing is seeded: the
 * {@code demo} site and agent the generator uses are created first with {@code site-add} and {@code agent-add}.
 */
public final class ClusterServers implements ServerTarget {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterServers.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path dataDir;
    private final List<Process> processes = new ArrayList<>();
    private final List<Integer> gatewayPorts = new ArrayList<>();
    private final int serverPort = ServerTarget.freePort();
    private EmbeddedRedis redis;
    private EmbeddedPostgresServer postgres;

    /** Starts Redis, PostgreSQL, the agent server, then the gateways; waits until every listener is ready. */
    public ClusterServers(Path jar, List<String> jvmOptions, int gateways) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no server jar at " + jar.toAbsolutePath() + " (build it: mvn -pl chat-server -am package)");
        }
        if (gateways < 1 || gateways > 8) {
            throw new IllegalArgumentException("gateways must be 1..8, got " + gateways);
        }
        dataDir = Files.createTempDirectory("livechat-cluster");
        try {
            redis = EmbeddedRedis.start(ServerTarget.freePort(), dataDir.resolve("redis"));
            postgres = new EmbeddedPostgresServer(dataDir.resolve("postgres"), 0);
            postgres.start();
            String secret = TokenService.newSecret();
            List<String> common = List.of("--set", "CHAT_REDIS_URL=" + redis.url(),
                    "--set", "CHAT_POSTGRES_URL=" + postgres.jdbcUrl(), "--set", "CHAT_POSTGRES_USER=postgres",
                    "--set", "CHAT_SECRET=" + secret);
            provision(jar, common, "agent-add", "--email", AgentAccounts.DEMO_EMAIL, "--name", "Demo Agent",
                    "--password", AgentAccounts.DEMO_PASSWORD);
            provision(jar, common, "site-add", "--key", "demo", "--name", "Demo site", "--origin", "*");
            launch(jar, jvmOptions, "server", "srv-1", common, "CHAT_SERVER_PORT", serverPort);
            for (int i = 1; i <= gateways; i++) {
                int port = ServerTarget.freePort();
                gatewayPorts.add(port);
                launch(jar, jvmOptions, "gateway", "gw-" + i, common, "CHAT_GATEWAY_PORT", port);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Runs one of the jar's account commands to its end, as an operator would before starting the roles. */
    private void provision(Path jar, List<String> common, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                jar.toString()));
        cmd.addAll(List.of(command));
        cmd.addAll(List.of("--set", "CHAT_DATA_DIR=" + dataDir.resolve("admin")));
        cmd.addAll(common);
        Path log = dataDir.resolve(command[0] + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(command[0] + " failed, see " + log);
        }
    }

    private void launch(Path jar, List<String> jvmOptions, String role, String nodeId, List<String> common,
                        String portKey, int port) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(dataDir.resolve(nodeId));
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar.toString(), role, "--node-id", nodeId, "--set", "CHAT_DATA_DIR=" + dir,
                "--set", portKey + "=" + port));
        cmd.addAll(common);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve(nodeId + ".log").toFile()).start();
        processes.add(p);
        LOG.info("{} {} pid {} starting on port {}, log in {}", role, nodeId, p.pid(), port,
                dataDir.resolve(nodeId + ".log"));
        awaitReady(p, port, nodeId);
    }

    private void awaitReady(Process p, int port, String nodeId) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        ChildProcess.awaitReady(p, START_TIMEOUT, nodeId, dataDir.resolve(nodeId + ".log"),
                () -> ChildProcess.readyz(http, port));
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int gatewayPort() {
        return gatewayPorts.get(0);
    }

    @Override
    public List<Integer> gatewayPorts() {
        return List.copyOf(gatewayPorts);
    }

    @Override
    public int serverPort() {
        return serverPort;
    }

    @Override
    public int postgresPort() {
        return postgres.port();
    }

    /** The agent server's process. */
    @Override
    public long pid() {
        return processes.get(0).pid();
    }

    @Override
    public List<Long> pids() {
        return processes.stream().map(Process::pid).toList();
    }

    @Override
    public List<Long> gatewayPids() {
        return pids().subList(1, processes.size());
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    /** The node id of gateway {@code index} (0-based, in {@link #gatewayPorts()} order): gw-1, gw-2, ... */
    public String gatewayNodeId(int index) {
        return "gw-" + (index + 1);
    }

    /** The process id of gateway {@code index} (0-based). */
    public long gatewayPid(int index) {
        return processes.get(index + 1).pid();
    }

    /**
     * Kills gateway {@code index} (0-based) with SIGKILL, as a crash would: no shutdown hook runs, its leases stay in
     * Redis until they expire, its sockets are reset by the kernel. Waits until the process is gone.
     */
    public void killGateway(int index) throws InterruptedException {
        Process p = processes.get(index + 1);
        p.destroyForcibly(); // SIGKILL on Linux
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gateway " + gatewayNodeId(index) + " survived SIGKILL");
        }
        LOG.info("gateway {} pid {} killed (SIGKILL)", gatewayNodeId(index), p.pid());
    }

    @Override
    public String redisUrl() {
        return redis.url();
    }

    @Override
    public String topology() {
        return "cross-node";
    }

    @Override
    public boolean inProcess() {
        return false;
    }

    @Override
    public void gc() {
        pids().forEach(ChildProcess::jcmdGc);
    }

    /** Stops the gateways first, then the agent server, then PostgreSQL and Redis. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            ChildProcess.stop(processes.get(i), 30);
        }
        if (postgres != null) {
            postgres.close();
        }
        if (redis != null) {
            redis.close();
        }
        SubprocessServer.deleteQuietly(dataDir);
    }
}
