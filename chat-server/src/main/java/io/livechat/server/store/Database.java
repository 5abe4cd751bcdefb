package io.livechat.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The one owner of the PostgreSQL resources: the embedded server (when no URL is configured), the connection pool,
 * the schema migrations, the bounded JDBC executor and the readiness check; it closes them in reverse order.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** An outage must fail a borrow within seconds, not queue callers for Hikari's default 30 s. */
    static final long CONNECTION_TIMEOUT_MS = 3_000;
    static final long HEALTH_INTERVAL_MS = 2_000;
    /** Queued JDBC tasks per executor thread before new ones are refused instead of piling up. */
    static final int QUEUE_PER_THREAD = 128;

    private final DatabaseConfig config;
    private final MeterRegistry registry;
    private EmbeddedPostgresServer embedded;
    private HikariDataSource dataSource;
    private ThreadPoolExecutor executor;
    private ScheduledExecutorService healthTimer;
    private volatile boolean healthy;

    public Database(DatabaseConfig config) {
        this(config, null);
    }

    /** @param registry where the pool's metrics go ({@code hikaricp_*}); may be null */
    public Database(DatabaseConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    /** Starts the embedded server if needed, opens the pool, migrates the schema and starts the executor. */
    public synchronized Database start() {
        if (dataSource != null) {
            return this;
        }
        config.logEffective();
        try {
            String url = config.jdbcUrl();
            String user = config.user();
            String password = config.password();
            if (config.isEmbedded()) {
                embedded = new EmbeddedPostgresServer(config.embeddedDataDir(), config.embeddedPort());
                embedded.start();
                url = embedded.jdbcUrl();
                user = EmbeddedPostgresServer.USER;
                password = "";
            }
            dataSource = new HikariDataSource(hikariConfig(url, user, password));
            migrate();
            executor = new ThreadPoolExecutor(config.poolSize(), config.poolSize(), 0, TimeUnit.MILLISECONDS,
                    new ArrayBlockingQueue<>(config.poolSize() * QUEUE_PER_THREAD), threads("livechat-jdbc"),
                    new ThreadPoolExecutor.AbortPolicy());
            healthy = true;
            healthTimer = Executors.newSingleThreadScheduledExecutor(threads("livechat-pg-health"));
            healthTimer.scheduleWithFixedDelay(this::checkHealth, HEALTH_INTERVAL_MS, HEALTH_INTERVAL_MS,
                    TimeUnit.MILLISECONDS);
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private HikariConfig hikariConfig(String url, String user, String password) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("livechat-pg");
        hc.setJdbcUrl(url);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(config.poolSize());
        hc.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        hc.setValidationTimeout(1_000);
        hc.setKeepaliveTime(60_000);
        // Driver-level limits, so that a dead server or a black-holed network surfaces as an error, not a hang.
        hc.addDataSourceProperty("connectTimeout", "3");
        hc.addDataSourceProperty("socketTimeout", "30");
        hc.addDataSourceProperty("tcpKeepAlive", "true");
        hc.addDataSourceProperty("ApplicationName", "livechat");
        // Lets the JDBC-batch flush strategy send one multi-row INSERT instead of one per row.
        hc.addDataSourceProperty("reWriteBatchedInserts", "true");
        if (registry != null) {
            hc.setMetricRegistry(registry);
        }
        return hc;
    }

    private void migrate() {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        LOG.info("Schema at version {} ({} migrations applied now)", result.targetSchemaVersion,
                result.migrationsExecuted);
    }

    private void checkHealth() {
        boolean ok;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(2);
            s.execute("SELECT 1");
            ok = true;
        } catch (SQLException | RuntimeException e) {
            ok = false;
            if (healthy) {
                LOG.warn("PostgreSQL health check failed: {}", e.toString());
            }
        }
        if (ok && !healthy) {
            LOG.info("PostgreSQL health check passes again");
        }
        healthy = ok;
    }

    /** The pool; repositories and the transcript writer borrow from it. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The last health check's result (refreshed every ~2 s), cheap enough to answer {@code /readyz} with. */
    public boolean isHealthy() {
        return healthy;
    }

    /** The embedded server when one was started, so that tests can stop and restart it. */
    public Optional<EmbeddedPostgresServer> embeddedServer() {
        return Optional.ofNullable(embedded);
    }

    /**
     * Runs {@code work} with a pooled connection on the JDBC executor. The future completes on that executor's
     * thread, so callers on an event loop continue with {@code thenXxxAsync(..., eventLoop)}. A full queue or a
     * closed database completes it exceptionally with {@link RejectedExecutionException}.
     */
    public <T> CompletableFuture<T> submit(SqlWork<T> work) {
        return submitCall(() -> {
            try (Connection c = dataSource.getConnection()) {
                return work.run(c);
            }
        });
    }

    /** Runs a blocking repository call on the JDBC executor; same threading and refusal rules as {@link #submit}. */
    public <T> CompletableFuture<T> submitCall(SqlCall<T> call) {
        CompletableFuture<T> future = new CompletableFuture<>();
        ThreadPoolExecutor ex = executor;
        if (ex == null) {
            future.completeExceptionally(new RejectedExecutionException("database not started"));
            return future;
        }
        try {
            ex.execute(() -> {
                try {
                    future.complete(call.call());
                } catch (Throwable t) {
                    future.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("JDBC task refused: {}", e.toString());
            future.completeExceptionally(e);
        }
        return future;
    }

    /** Stops the health check, drains the executor, closes the pool, then stops the embedded server. */
    @Override
    public synchronized void close() {
        if (healthTimer != null) {
            healthTimer.shutdownNow();
            healthTimer = null;
        }
        if (executor != null) {
            executor.shutdown();
            awaitTermination(executor);
            executor = null;
        }
        if (dataSource != null) {
            dataSource.close();
            dataSource = null;
        }
        if (embedded != null) {
            embedded.stop();
            embedded = null;
        }
        healthy = false;
    }

    private static void awaitTermination(ThreadPoolExecutor ex) {
        try {
            if (!ex.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("JDBC executor still busy after 5 s; interrupting {} tasks", ex.getActiveCount());
                ex.shutdownNow();
            }
        } catch (InterruptedException e) {
            ex.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
