package io.livechat.testsupport;

import io.livechat.config.ChatConfig;
import io.livechat.gateway.GatewayNode;
import io.livechat.runtime.Resources;
import io.livechat.server.ServerNode;
import io.livechat.server.infra.EmbeddedRedis;
import io.livechat.server.store.Database;
import io.livechat.server.store.DatabaseConfig;
import io.livechat.server.store.EmbeddedPostgresServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Real infrastructure for integration tests: an embedded redis-server and an embedded PostgreSQL on free ports,
 * and as many gateway and agent-server nodes as a test wants, each with its own resources (own event loops and
 * Redis connections) so that crashing one behaves like a process dying.
 */
public final class TestCluster implements AutoCloseable {

    public static final String SECRET = "integration-test-secret-0123456789";

    private final Path dir;
    private final int redisPort;
    private EmbeddedRedis redis;
    private final RedisClusterProcess redisCluster;
    private final EmbeddedPostgresServer postgres;
    private final ChatConfig base;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<Object, List<AutoCloseable>> owned = new java.util.concurrent.ConcurrentHashMap<>();

    public TestCluster() throws IOException {
        this(Map.of());
    }

    public TestCluster(Map<String, String> settings) throws IOException {
        this(settings, null);
    }

    /**
     * @param redisCluster a Redis Cluster to run on instead of the embedded single Redis (closed with this
     *                     object), or null
     */
    public TestCluster(Map<String, String> settings, RedisClusterProcess redisCluster) throws IOException {
        dir = Files.createTempDirectory("livechat-it");
        this.redisCluster = redisCluster;
        redisPort = freePort();
        redis = redisCluster == null ? EmbeddedRedis.start(redisPort, null) : null;
        postgres = new EmbeddedPostgresServer(dir.resolve("postgres"), freePort());
        postgres.start();
        Map<String, String> defaults = new java.util.HashMap<>(Map.of(
                "CHAT_REDIS_URL", redisCluster == null ? redis.url() : redisCluster.seedUris().get(0),
                "CHAT_POSTGRES_URL", postgres.jdbcUrl(),
                "CHAT_SECRET", SECRET,
                "CHAT_GATEWAY_PORT", "0",
                "CHAT_SERVER_PORT", "0",
                "CHAT_DATA_DIR", dir.toString(),
                "CHAT_IO_THREADS", "2",
                "CHAT_LONGPOLL_HOLD_MS", "3000",
                "CHAT_DB_POOL_SIZE", "3"));
        if (redisCluster != null) {
            defaults.put("CHAT_REDIS_CLUSTER", String.join(",", redisCluster.seedUris()));
        }
        defaults.putAll(settings);
        base = ChatConfig.of(defaults);
    }

    /** The embedded single Redis's port. */
    public int redisPort() {
        return redisPort;
    }

    public ChatConfig config() {
        return base;
    }

    public String redisUrl() {
        return base.redisUrl();
    }

    /** The Redis Cluster the nodes run on, or null on the embedded single Redis. */
    public RedisClusterProcess redisCluster() {
        return redisCluster;
    }

    /** A client of this cluster's Redis (one Redis or the cluster) for what a test reads or changes directly. */
    public RawRedis rawRedis() {
        return new RawRedis(base.redisUrl(), base.redisCluster());
    }

    public EmbeddedPostgresServer postgres() {
        return postgres;
    }

    /** Stops the Redis server (an outage); {@link #startRedis()} brings it back on the same port. */
    public void stopRedis() {
        redis.stop();
    }

    public void startRedis() throws IOException {
        redis = EmbeddedRedis.start(redisPort, null);
    }

    public GatewayNode gateway(String nodeId) throws InterruptedException {
        return gateway(nodeId, Map.of());
    }

    /** A gateway whose settings differ from the cluster's by {@code settings}. */
    public GatewayNode gateway(String nodeId, Map<String, String> settings) throws InterruptedException {
        Resources res = resources();
        GatewayNode node = new GatewayNode(with(settings), res, nodeId).start();
        started.push(node);
        owned.put(node, List.of(node::crash, res));
        return node;
    }

    /** A gateway that reaches Redis at {@code redisUrl} (a {@link TcpProxy} in front of this cluster's Redis). */
    public GatewayNode gatewayVia(String nodeId, String redisUrl) throws InterruptedException {
        Resources res = new Resources(redisUrl, "", SECRET, Duration.ofDays(1), 2);
        started.push(res);
        GatewayNode node = new GatewayNode(base, res, nodeId).start();
        started.push(node);
        owned.put(node, List.of(node::crash, res));
        return node;
    }

    public ServerNode server(String nodeId) throws InterruptedException {
        return server(nodeId, Map.of());
    }

    /** An agent server whose settings differ from the cluster's by {@code settings}. */
    public ServerNode server(String nodeId, Map<String, String> settings) throws InterruptedException {
        Database db = new Database(new DatabaseConfig(postgres.jdbcUrl(), "postgres", "", dir, 0, 3)).start();
        started.push(db);
        Resources res = resources();
        // the tests stand in for the zero-setup mode: the demo site and agent are there unless CHAT_DEMO_SEED=false
        ChatConfig config = with(settings);
        ServerNode node = new ServerNode(config, res, db, nodeId).seedingDemo(config.demoSeed()).start();
        started.push(node);
        owned.put(node, List.of(node::crash, res, db));
        return node;
    }

    private ChatConfig with(Map<String, String> settings) {
        ChatConfig c = base;
        for (Map.Entry<String, String> e : settings.entrySet()) {
            c = c.with(e.getKey(), e.getValue());
        }
        return c;
    }

    /** Kills a node as a process death would, and frees what it held (threads, connections, pool). */
    public void kill(Object node) {
        List<AutoCloseable> parts = owned.remove(node);
        if (parts == null) {
            return;
        }
        for (AutoCloseable c : parts) {
            try {
                c.close();
            } catch (Exception e) {
                // already closed
            }
        }
    }

    private Resources resources() {
        Resources res = new Resources(base.redisUrl(), base.redisCluster(), SECRET, Duration.ofDays(1), 2);
        started.push(res);
        return res;
    }

    /** Rows of {@code select seq from messages where conversation_id = ?} in order, read now. */
    public List<Long> storedSeqs(String conversationId) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select seq from messages where conversation_id = '"
                     + conversationId.replace("'", "") + "' order by seq")) {
            List<Long> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
            return out;
        }
    }

    /** Rows of {@code select body from messages where conversation_id = ?} in seq order, read now. */
    public List<String> storedTexts(String conversationId) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select body from messages where conversation_id = '"
                     + conversationId.replace("'", "") + "' order by seq")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    /** A new connection to the cluster's PostgreSQL (the caller closes it). */
    public Connection sqlConnection() throws SQLException {
        return java.sql.DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "");
    }

    /** The first column of the first row of {@code sql} as a number, read now. */
    public long sqlLong(String sql) throws SQLException {
        try (Connection c = sqlConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    /** Runs one statement in its own transaction. */
    public void sql(String sql) throws SQLException {
        try (Connection c = sqlConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                AutoCloseable c = started.pop();
                if (c instanceof GatewayNode g) {
                    g.crash();
                } else if (c instanceof ServerNode s) {
                    s.crash();
                } else {
                    c.close();
                }
            } catch (Exception e) {
                // best effort: a node a test crashed already is closed
            }
        }
        postgres.close();
        if (redis != null) {
            redis.stop();
        }
        if (redisCluster != null) {
            redisCluster.close();
        }
    }
}
