package io.livechat.testsupport;

import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A real Redis Cluster of three masters with one replica each, made of Debian's {@code /usr/bin/redis-server}
 * child processes on loopback ports chosen at run time, which a test can crash a master of and watch fail over.
 *
 * <p>Every method runs on the caller's thread (a test's) and blocks until the cluster has settled. Nothing is skipped:
 * without redis-server and redis-cli {@link #start()} throws, under {@code CI=true} and elsewhere alike.
 */
public final class RedisClusterProcess implements AutoCloseable {

    public static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");
    public static final Path REDIS_CLI = Path.of("/usr/bin/redis-cli");
    /** Short, so that a killed master is failed over in about two and a half seconds. */
    public static final Duration DEFAULT_NODE_TIMEOUT = Duration.ofMillis(1000);

    private static final Logger LOG = LoggerFactory.getLogger(RedisClusterProcess.class);
    private static final int MASTERS = 3;
    private static final int NODES = MASTERS * 2;
    private static final int SLOTS = 16384;
    private static final int START_ATTEMPTS = 3;
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);

    private final Path root;
    private final Duration nodeTimeout;
    private final List<RedisServerProcess> servers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::destroy, "redis-cluster-cleanup");

    private RedisClusterProcess(Path root, Duration nodeTimeout) {
        this.root = root;
        this.nodeTimeout = nodeTimeout;
        // close() is the way out; the hook covers a test that never reaches it (the JVM exiting mid-test)
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts the six nodes, creates the cluster and waits until every node says it is ok and in sync. */
    public static RedisClusterProcess start() throws IOException, InterruptedException {
        return start(DEFAULT_NODE_TIMEOUT);
    }

    public static RedisClusterProcess start(Duration nodeTimeout) throws IOException, InterruptedException {
        requireBinaries();
        RedisClusterProcess cluster = new RedisClusterProcess(Files.createTempDirectory("livechat-rcluster"), nodeTimeout);
        try {
            for (int i = 0; i < NODES; i++) {
                cluster.servers.add(cluster.startNode(i));
            }
            cluster.create();
            cluster.awaitSettled("the new cluster", () -> Optional.of(true));
            LOG.info("Redis Cluster up: masters {}, replicas {}", cluster.masters(), cluster.replicas());
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Fails, never skips, without the binaries: a Redis Cluster test that silently skips in CI proves nothing. */
    private static void requireBinaries() {
        for (Path binary : List.of(REDIS_SERVER, REDIS_CLI)) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(binary + " not found: the Redis Cluster tests need Debian's redis-server"
                        + " (apt-get install -y redis-server; test.sh installs it when run as root)"
                        + ("true".equals(System.getenv("CI")) ? "; under CI=true this is a failure, not a skip" : ""));
            }
        }
    }

    private RedisServerProcess startNode(int index) throws IOException, InterruptedException {
        IOException last = null;
        // a port found free can be taken before redis-server binds it; then try two others
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int[] ports = freePorts(2);
            Path dir = root.resolve("node-" + index + "-" + attempt);
            try {
                return RedisServerProcess.start(REDIS_SERVER, dir, ports[0], ports[1], nodeTimeout);
            } catch (IOException e) {
                last = e;
                LOG.warn("redis-server node {} attempt {} failed: {}", index, attempt, e.getMessage());
            }
        }
        throw last;
    }

    /** Client and bus ports, chosen free together; the bus port is set explicitly rather than assumed port+10000. */
    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    private void create() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(REDIS_CLI.toString(), "--cluster", "create"));
        servers.forEach(s -> command.add(ClusterNode.HOST + ":" + s.port()));
        command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        Path log = root.resolve("cluster-create.log");
        Process cli = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!cli.waitFor(CREATE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            cli.destroyForcibly();
            throw new IOException("redis-cli --cluster create did not finish in " + CREATE_TIMEOUT);
        }
        if (cli.exitValue() != 0) {
            throw new IOException("redis-cli --cluster create failed:\n" + Files.readString(log));
        }
    }

    /** Client URIs of every live node, {@code redis://127.0.0.1:PORT}: the seed nodes for a cluster client. */
    public List<String> seedUris() {
        return live().map(s -> ClusterNode.HOST + ":" + s.port()).map(a -> "redis://" + a).toList();
    }

    /** The serving nodes (not failed) as the cluster sees them, ordered by port. */
    public List<ClusterNode> nodes() {
        try {
            return view(anyLive());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the cluster's topology", e);
        }
    }

    public List<ClusterNode> masters() {
        return nodes().stream().filter(ClusterNode::isMaster).toList();
    }

    public List<ClusterNode> replicas() {
        return nodes().stream().filter(n -> !n.isMaster()).toList();
    }

    public List<ClusterNode> replicasOf(ClusterNode master) {
        return nodes().stream().filter(n -> master.id().equals(n.masterId())).toList();
    }

    /** The hash slot of {@code key} ({@code CLUSTER KEYSLOT}), hash tags included. */
    public int slot(String key) {
        return ((Long) call(anyLive(), "CLUSTER", "KEYSLOT", key)).intValue();
    }

    /** The master that serves {@code key}'s slot now. */
    public ClusterNode masterFor(String key) {
        int slot = slot(key);
        return masters().stream().filter(m -> m.serves(slot)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no master serves slot " + slot));
    }

    /** Sends one command to one node, for checks the client under test should not be trusted with. */
    public Object call(ClusterNode node, String... args) {
        return call(node.port(), args);
    }

    private static Object call(int port, String... args) {
        try {
            return RespCommand.call(port, args);
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", args) + " on port " + port + " failed", e);
        }
    }

    /** {@link #killMaster(ClusterNode)} of the master that serves {@code key}. */
    public ClusterNode killMasterFor(String key) throws InterruptedException {
        return killMaster(masterFor(key));
    }

    /**
     * {@link #kill} then {@link #awaitFailover}: crashes {@code master} and returns the replica promoted in its place.
     */
    public ClusterNode killMaster(ClusterNode master) throws InterruptedException {
        if (!master.isMaster()) {
            throw new IllegalArgumentException(master + " is not a master");
        }
        kill(master);
        return awaitFailover(master);
    }

    /** SIGKILLs a node's process (a crash: no shutdown, no final save) and returns once it is gone. */
    public void kill(ClusterNode node) throws InterruptedException {
        server(node).kill();
        LOG.info("node :{} killed ({})", node.port(), node.isMaster() ? "master of " + node.slotRanges() : "replica");
    }

    /**
     * Waits until another node serves the slots {@code deadMaster} served (its replica, promoted) and every
     * surviving node says the cluster is ok and agrees on who serves what.
     *
     * @return the promoted node
     */
    public ClusterNode awaitFailover(ClusterNode deadMaster) {
        long start = System.nanoTime();
        ClusterNode promoted = awaitSettled("failover of " + deadMaster, () -> nodes().stream()
                .filter(n -> n.isMaster() && !n.id().equals(deadMaster.id())
                        && n.slotRanges().equals(deadMaster.slotRanges()))
                .findFirst());
        LOG.info("node :{} serves {} in place of :{}, settled {} ms after the wait began", promoted.port(),
                deadMaster.slotRanges(), deadMaster.port(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return promoted;
    }

    /**
     * Stops ({@code SIGSTOP}) a node without closing its sockets, as a stalled machine would; {@link #thaw} resumes
     * it. Frozen longer than the node timeout, it is marked failed (and a frozen master is failed over).
     */
    public void freeze(ClusterNode node) throws IOException, InterruptedException {
        server(node).signal(true);
    }

    public void thaw(ClusterNode node) throws IOException, InterruptedException {
        server(node).signal(false);
    }

    /** The pid of a node's redis-server process. */
    public long pid(ClusterNode node) {
        return server(node).pid();
    }

    private RedisServerProcess server(ClusterNode node) {
        return servers.stream().filter(s -> s.port() == node.port()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a node of this cluster: " + node));
    }

    private Stream<RedisServerProcess> live() {
        return servers.stream().filter(RedisServerProcess::isAlive);
    }

    private int anyLive() {
        return live().findFirst().orElseThrow(() -> new IllegalStateException("no live node")).port();
    }

    /** A node's view without the nodes the harness killed that this node does not yet suspect. */
    private List<ClusterNode> view(int port) throws IOException {
        List<Integer> livePorts = live().map(RedisServerProcess::port).toList();
        return ClusterNode.parse(RespCommand.text(port, "CLUSTER", "NODES")).stream()
                .filter(n -> livePorts.contains(n.port())).toList();
    }

    /**
     * Waits until every live node reports {@code cluster_state:ok} with all slots served, all live nodes agree on the
     * topology, every replica's link to its master is up, and {@code probe} finds what the caller waits for.
     */
    private <T> T awaitSettled(String what, Callable<Optional<T>> probe) {
        try {
            return await(what).atMost(SETTLE_TIMEOUT).pollInterval(Duration.ofMillis(50))
                    // a node that is going down can refuse a connection between the liveness check and the query
                    .ignoreExceptionsMatching(e -> e instanceof IOException || e.getCause() instanceof IOException)
                    .until(() -> settled() ? probe.call() : Optional.<T>empty(), Optional::isPresent).get();
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(what + " did not settle within " + SETTLE_TIMEOUT + ":\n" + diagnostics(), e);
        }
    }

    private boolean settled() throws IOException {
        List<ClusterNode> agreed = null;
        for (RedisServerProcess server : live().toList()) {
            String info = RespCommand.text(server.port(), "CLUSTER", "INFO");
            if (!info.contains("cluster_state:ok") || !info.contains("cluster_slots_ok:" + SLOTS)) {
                return false;
            }
            List<ClusterNode> view = view(server.port());
            if (agreed != null && !agreed.equals(view)) {
                return false;
            }
            agreed = view;
        }
        if (agreed == null || agreed.size() != live().count()
                || agreed.stream().mapToInt(ClusterNode::slotCount).sum() != SLOTS) {
            return false;
        }
        for (ClusterNode replica : agreed.stream().filter(n -> !n.isMaster()).toList()) {
            if (!RespCommand.text(replica.port(), "INFO", "replication").contains("master_link_status:up")) {
                return false;
            }
        }
        return true;
    }

    private String diagnostics() {
        StringBuilder out = new StringBuilder();
        for (RedisServerProcess server : servers) {
            out.append("--- node :").append(server.port()).append(server.isAlive() ? "" : " (dead)").append('\n');
            try {
                out.append(RespCommand.text(server.port(), "CLUSTER", "NODES"));
            } catch (IOException e) {
                out.append(e.getMessage()).append('\n').append(server.logTail()).append('\n');
            }
        }
        return out.toString();
    }

    /** Kills every node and deletes their directories; the shutdown hook does the same if this is never called. */
    @Override
    public void close() {
        destroy();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and the hook is running or has run
        }
    }

    private void destroy() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        servers.forEach(RedisServerProcess::destroy);
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", root, e.toString());
        }
    }
}
