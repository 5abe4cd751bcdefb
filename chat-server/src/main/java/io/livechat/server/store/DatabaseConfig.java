package io.livechat.server.store;

import java.nio.file.Path;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Immutable PostgreSQL settings: an external JDBC URL, or (when the URL is blank) an embedded server whose data
 * lives under {@code dataDir/postgres}.
 *
 * @param jdbcUrl      JDBC URL of an external PostgreSQL; blank means start the embedded one
 * @param user         user for the external URL (ignored by the embedded server, which uses {@code postgres})
 * @param password     password for the external URL; never printed by {@link #toString()}
 * @param dataDir      base directory of the embedded server's data; kept across restarts, never cleaned
 * @param embeddedPort port of the embedded server; 0 picks a free port once and keeps it across restarts
 * @param poolSize     connections in the pool and threads of the JDBC executor
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, Path dataDir, int embeddedPort,
                             int poolSize) {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseConfig.class);

    public static final int DEFAULT_EMBEDDED_PORT = 15432;
    public static final int DEFAULT_POOL_SIZE = 8;
    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    /** Sub-directory of {@link #dataDir()} that holds the embedded cluster. */
    public static final String EMBEDDED_SUBDIR = "postgres";

    /** Validates and normalises: null strings become empty, so callers never need null checks. */
    public DatabaseConfig {
        jdbcUrl = jdbcUrl == null ? "" : jdbcUrl.trim();
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        if (!jdbcUrl.isEmpty() && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("jdbcUrl must start with jdbc:postgresql: but was " + jdbcUrl);
        }
        if (jdbcUrl.isEmpty()) {
            Objects.requireNonNull(dataDir, "dataDir is required for the embedded PostgreSQL");
        }
        if (embeddedPort < 0 || embeddedPort > 65535) {
            throw new IllegalArgumentException("embeddedPort must be 0..65535 but was " + embeddedPort);
        }
        if (poolSize < 1 || poolSize > 1000) {
            throw new IllegalArgumentException("poolSize must be 1..1000 but was " + poolSize);
        }
    }

    /** Embedded PostgreSQL with its data under {@code dataDir/postgres}, on the default port and pool size. */
    public static DatabaseConfig embedded(Path dataDir) {
        return new DatabaseConfig("", "", "", dataDir, DEFAULT_EMBEDDED_PORT, DEFAULT_POOL_SIZE);
    }

    /** An external PostgreSQL at {@code jdbcUrl}, with the default pool size. */
    public static DatabaseConfig external(String jdbcUrl, String user, String password) {
        return new DatabaseConfig(jdbcUrl, user, password, DEFAULT_DATA_DIR, DEFAULT_EMBEDDED_PORT,
                DEFAULT_POOL_SIZE);
    }

    /** True when no URL is configured and the embedded server must be started. */
    public boolean isEmbedded() {
        return jdbcUrl.isEmpty();
    }

    /** Where the embedded cluster lives: {@code dataDir/postgres}. */
    public Path embeddedDataDir() {
        return dataDir.resolve(EMBEDDED_SUBDIR);
    }

    public DatabaseConfig withEmbeddedPort(int port) {
        return new DatabaseConfig(jdbcUrl, user, password, dataDir, port, poolSize);
    }

    public DatabaseConfig withPoolSize(int size) {
        return new DatabaseConfig(jdbcUrl, user, password, dataDir, embeddedPort, size);
    }

    /** Masks the password so that configuration can be logged at start-up. */
    @Override
    public String toString() {
        if (isEmbedded()) {
            return "DatabaseConfig[embedded, dataDir=" + embeddedDataDir() + ", port=" + embeddedPort
                    + ", poolSize=" + poolSize + "]";
        }
        return "DatabaseConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password="
                + (password.isEmpty() ? "" : "****") + ", poolSize=" + poolSize + "]";
    }

    /** Logs the effective settings once at start-up (password masked). */
    void logEffective() {
        LOG.info("PostgreSQL settings: {}", this);
    }
}
