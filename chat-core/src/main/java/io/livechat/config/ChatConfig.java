package io.livechat.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable settings of one process, for every role; defaults live here and nowhere else.
 *
 * <p>Values come from, in rising precedence: the defaults below, a properties file, environment variables and
 * command-line flags, all spelled the same way ({@code CHAT_GATEWAY_PORT=8080}). Every key is listed in the
 * README with its default.
 */
public final class ChatConfig {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_GATEWAY_PORT = 8080;
    public static final int DEFAULT_SERVER_PORT = 8081;
    public static final int DEFAULT_EMBEDDED_REDIS_PORT = 16379;
    public static final int DEFAULT_EMBEDDED_POSTGRES_PORT = 15432;
    public static final String DEFAULT_DATA_DIR = "data";
    public static final long DEFAULT_LONGPOLL_HOLD_MS = 25_000;
    public static final int DEFAULT_MAX_MESSAGE_CHARS = 4000;
    public static final int DEFAULT_MAX_BODY_BYTES = 65_536;
    public static final int DEFAULT_HISTORY_CAP = 1000;
    public static final int DEFAULT_SESSION_TTL_DAYS = 30;
    public static final int DEFAULT_REGISTRY_TTL_SECONDS = 60;
    public static final int DEFAULT_SESSION_BUFFER = 64;
    public static final int DEFAULT_IO_THREADS = 0;
    public static final int DEFAULT_DB_POOL_SIZE = 8;
    public static final int DEFAULT_IDLE_SECONDS = 60;
    public static final int DEFAULT_REDIS_SHARDS = 16;
    public static final int DEFAULT_REDIS_WAIT_REPLICAS = 0;
    public static final int DEFAULT_REDIS_WAIT_TIMEOUT_MS = 100;
    public static final String DEFAULT_LOG_LEVEL = "INFO";
    public static final int DEFAULT_HEADER_TIMEOUT_MS = 10_000;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 256;
    public static final int DEFAULT_WS_TICKET_SECONDS = 30;
    public static final String DEFAULT_CONNECTION_LIMIT_EXEMPT = "127.0.0.1,::1";
    private static final java.util.Set<String> LOG_LEVELS = java.util.Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR",
            "OFF");
    /** 0: transcripts are kept forever. */
    public static final int DEFAULT_RETENTION_DAYS = 0;
    public static final int DEFAULT_RETENTION_CHECK_SECONDS = 300;

    private final Map<String, String> values;

    private ChatConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
        validate();
    }

    /** Defaults only: the zero-setup configuration. */
    public static ChatConfig defaults() {
        return new ChatConfig(Map.of());
    }

    /** Merges sources in rising precedence; keys not starting with {@code CHAT_} are ignored. */
    @SafeVarargs
    public static ChatConfig of(Map<String, String>... sources) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (Map<String, String> source : sources) {
            source.forEach((k, v) -> {
                if (k.startsWith("CHAT_") && v != null) {
                    merged.put(k, v.trim());
                }
            });
        }
        return new ChatConfig(merged);
    }

    /** A copy with some keys replaced; tests and the launcher use it to derive per-node settings. */
    public ChatConfig with(String key, Object value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, String.valueOf(value));
        return new ChatConfig(copy);
    }

    private void validate() {
        requirePort(gatewayPort(), "CHAT_GATEWAY_PORT");
        requirePort(serverPort(), "CHAT_SERVER_PORT");
        requirePositive(maxMessageChars(), "CHAT_MAX_MESSAGE_CHARS");
        requirePositive(maxBodyBytes(), "CHAT_MAX_BODY_BYTES");
        requirePositive(historyCap(), "CHAT_HISTORY_CAP");
        requirePositive(registryTtlSeconds(), "CHAT_REGISTRY_TTL_SECONDS");
        requirePositive(redisShards(), "CHAT_REDIS_SHARDS");
        if (redisWaitReplicas() < 0) {
            throw new IllegalArgumentException("CHAT_REDIS_WAIT_REPLICAS must be 0 or more");
        }
        requirePositive(redisWaitTimeoutMs(), "CHAT_REDIS_WAIT_TIMEOUT_MS");
        requirePositive(idleSeconds(), "CHAT_IDLE_SECONDS");
        requirePositive(headerTimeoutMs(), "CHAT_HEADER_TIMEOUT_MS");
        requirePositive(wsTicketSeconds(), "CHAT_WS_TICKET_SECONDS");
        if (maxConnectionsPerAddress() < 0) {
            throw new IllegalArgumentException("CHAT_MAX_CONNECTIONS_PER_ADDRESS must be 0 (no cap) or more");
        }
        connectionLimitExempt();
        if (retentionDays() < 0) {
            throw new IllegalArgumentException("CHAT_RETENTION_DAYS must be 0 (keep forever) or more");
        }
        requirePositive(retentionCheckSeconds(), "CHAT_RETENTION_CHECK_SECONDS");
        if (idleSeconds() * 1000L <= longPollHoldMs()) {
            throw new IllegalArgumentException("CHAT_IDLE_SECONDS must be longer than CHAT_LONGPOLL_HOLD_MS");
        }
        requirePositive((int) Math.min(Integer.MAX_VALUE, longPollHoldMs()), "CHAT_LONGPOLL_HOLD_MS");
        if (!LOG_LEVELS.contains(logLevel())) {
            throw new IllegalArgumentException("CHAT_LOG_LEVEL must be one of " + LOG_LEVELS + ", got " + logLevel());
        }
        if (Integer.bitCount(sessionBuffer()) != 1) {
            throw new IllegalArgumentException("CHAT_SESSION_BUFFER must be a power of two, got " + sessionBuffer());
        }
        String tagRule = get("CHAT_CLOSE_REQUIRES_TAG", "false");
        if (!tagRule.equalsIgnoreCase("true") && !tagRule.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("CHAT_CLOSE_REQUIRES_TAG must be true or false, got " + tagRule);
        }
    }

    private static void requirePort(int port, String key) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(key + " must be a port number (0 = any free port), got " + port);
        }
    }

    private static void requirePositive(int value, String key) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive, got " + value);
        }
    }

    public String get(String key, String dflt) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? dflt : v;
    }

    private int getInt(String key, int dflt) {
        String v = get(key, null);
        try {
            return v == null ? dflt : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + v + "'", e);
        }
    }

    private long getLong(String key, long dflt) {
        String v = get(key, null);
        try {
            return v == null ? dflt : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + v + "'", e);
        }
    }

    public String nodeId(String fallback) {
        return get("CHAT_NODE_ID", fallback);
    }

    public String bind() {
        return get("CHAT_BIND", DEFAULT_BIND);
    }

    public int gatewayPort() {
        return getInt("CHAT_GATEWAY_PORT", DEFAULT_GATEWAY_PORT);
    }

    public int serverPort() {
        return getInt("CHAT_SERVER_PORT", DEFAULT_SERVER_PORT);
    }

    /** Blank means: start the embedded Redis. */
    public String redisUrl() {
        return get("CHAT_REDIS_URL", "");
    }

    /** Seed nodes of a Redis Cluster, comma-separated URIs; empty: one Redis at {@link #redisUrl()}. */
    public String redisCluster() {
        return get("CHAT_REDIS_CLUSTER", "");
    }

    /** How many shards spread conversations and the transcript hand-off over Redis; fixed per deployment. */
    public int redisShards() {
        return getInt("CHAT_REDIS_SHARDS", DEFAULT_REDIS_SHARDS);
    }

    /** Replicas that must have an accepted message before it is acknowledged ({@code WAIT}); 0: do not wait. */
    public int redisWaitReplicas() {
        return getInt("CHAT_REDIS_WAIT_REPLICAS", DEFAULT_REDIS_WAIT_REPLICAS);
    }

    /** The longest an acknowledgement waits for those replicas. */
    public int redisWaitTimeoutMs() {
        return getInt("CHAT_REDIS_WAIT_TIMEOUT_MS", DEFAULT_REDIS_WAIT_TIMEOUT_MS);
    }

    public int embeddedRedisPort() {
        return getInt("CHAT_EMBEDDED_REDIS_PORT", DEFAULT_EMBEDDED_REDIS_PORT);
    }

    /** Blank means: start the embedded PostgreSQL. */
    public String postgresUrl() {
        return get("CHAT_POSTGRES_URL", "");
    }

    public String postgresUser() {
        return get("CHAT_POSTGRES_USER", "postgres");
    }

    public String postgresPassword() {
        return get("CHAT_POSTGRES_PASSWORD", "");
    }

    public int embeddedPostgresPort() {
        return getInt("CHAT_EMBEDDED_POSTGRES_PORT", DEFAULT_EMBEDDED_POSTGRES_PORT);
    }

    public int dbPoolSize() {
        return getInt("CHAT_DB_POOL_SIZE", DEFAULT_DB_POOL_SIZE);
    }

    public Path dataDir() {
        return Path.of(get("CHAT_DATA_DIR", DEFAULT_DATA_DIR));
    }

    /** Blank means: generate one and keep it in the data folder (fine for one machine, not for a cluster). */
    public String secret() {
        return get("CHAT_SECRET", "");
    }

    public long longPollHoldMs() {
        return getLong("CHAT_LONGPOLL_HOLD_MS", DEFAULT_LONGPOLL_HOLD_MS);
    }

    public int maxMessageChars() {
        return getInt("CHAT_MAX_MESSAGE_CHARS", DEFAULT_MAX_MESSAGE_CHARS);
    }

    public int maxBodyBytes() {
        return getInt("CHAT_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES);
    }

    public int historyCap() {
        return getInt("CHAT_HISTORY_CAP", DEFAULT_HISTORY_CAP);
    }

    public int sessionTtlDays() {
        return getInt("CHAT_SESSION_TTL_DAYS", DEFAULT_SESSION_TTL_DAYS);
    }

    public int registryTtlSeconds() {
        return getInt("CHAT_REGISTRY_TTL_SECONDS", DEFAULT_REGISTRY_TTL_SECONDS);
    }

    /** Recent events each gateway keeps in memory per live session (a power of two). */
    public int sessionBuffer() {
        return getInt("CHAT_SESSION_BUFFER", DEFAULT_SESSION_BUFFER);
    }

    /** Netty event-loop threads; 0 means Netty's default (twice the cores). */
    public int ioThreads() {
        return getInt("CHAT_IO_THREADS", DEFAULT_IO_THREADS);
    }

    /** Quiet seconds before a WebSocket is pinged (closed if still silent a period later) or idle HTTP closed. */
    public int idleSeconds() {
        return getInt("CHAT_IDLE_SECONDS", DEFAULT_IDLE_SECONDS);
    }

    /** The longest a client may take to send a complete request head (from its first byte). */
    public int headerTimeoutMs() {
        return getInt("CHAT_HEADER_TIMEOUT_MS", DEFAULT_HEADER_TIMEOUT_MS);
    }

    /** Connections one peer address may hold open per listener; 0: no cap. */
    public int maxConnectionsPerAddress() {
        return getInt("CHAT_MAX_CONNECTIONS_PER_ADDRESS", DEFAULT_MAX_CONNECTIONS_PER_ADDRESS);
    }

    /** Peer addresses the per-address cap does not apply to (the balancers'); {@code none} for none. */
    public java.util.Set<java.net.InetAddress> connectionLimitExempt() {
        String v = get("CHAT_CONNECTION_LIMIT_EXEMPT", DEFAULT_CONNECTION_LIMIT_EXEMPT);
        java.util.Set<java.net.InetAddress> out = new java.util.HashSet<>();
        for (String a : v.split(",")) {
            String ip = a.trim();
            if (ip.isEmpty() || ip.equalsIgnoreCase("none")) {
                continue;
            }
            if (!ip.matches("[0-9A-Fa-f:.]+")) {
                throw new IllegalArgumentException("CHAT_CONNECTION_LIMIT_EXEMPT takes IP addresses, got '" + ip + "'");
            }
            try {
                out.add(java.net.InetAddress.getByName(ip)); // a literal address: no name lookup
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException("CHAT_CONNECTION_LIMIT_EXEMPT: bad address '" + ip + "'", e);
            }
        }
        return out;
    }

    /** Level of the {@code io.livechat} loggers. */
    public String logLevel() {
        return get("CHAT_LOG_LEVEL", DEFAULT_LOG_LEVEL).toUpperCase(java.util.Locale.ROOT);
    }

    /** Whether the zero-setup {@code run} mode seeds the demo site and agent (no other mode ever does). */
    public boolean demoSeed() {
        return Boolean.parseBoolean(get("CHAT_DEMO_SEED", "true"));
    }

    /** Extra allowed origins for the demo site, comma-separated. */
    public String demoOrigins() {
        return get("CHAT_DEMO_ORIGINS", "");
    }

    /** Whether an agent may close a conversation only once it carries at least one tag ({@code tag_required}). */
    public boolean closeRequiresTag() {
        return Boolean.parseBoolean(get("CHAT_CLOSE_REQUIRES_TAG", "false"));
    }

    /** How long a WebSocket ticket stays redeemable. */
    public int wsTicketSeconds() {
        return getInt("CHAT_WS_TICKET_SECONDS", DEFAULT_WS_TICKET_SECONDS);
    }

    /** Bearer token for the {@code /admin/} routes; blank means they are disabled (answered 404). */
    public String adminToken() {
        return get("CHAT_ADMIN_TOKEN", "");
    }

    /** Days after its last activity that a conversation is purged; 0 keeps transcripts forever. */
    public int retentionDays() {
        return getInt("CHAT_RETENTION_DAYS", DEFAULT_RETENTION_DAYS);
    }

    /** How often the agent tier runs the retention purge (and finishes erasures Redis failed). */
    public int retentionCheckSeconds() {
        return getInt("CHAT_RETENTION_CHECK_SECONDS", DEFAULT_RETENTION_CHECK_SECONDS);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChatConfig c && c.values.equals(values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values);
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>(values);
        shown.replaceAll((k, v) -> k.contains("SECRET") || k.contains("PASSWORD") || k.contains("TOKEN") ? "***" : v);
        return "ChatConfig" + shown;
    }
}
