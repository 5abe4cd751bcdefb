package io.livechat.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL 14 server run from the binaries shipped in Maven (zonky), for the zero-setup default; it can be
 * stopped and started again on the same data directory and port.
 *
 * <p>Each {@link #start()} builds a new zonky instance, because a closed zonky instance cannot be restarted; the
 * data directory is never cleaned, so data survives restarts of this object and of the JVM. zonky runs the
 * server as the current OS user; as root this works in this environment (verified: initdb, start, stop and
 * restart on the same directory and port).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    /** The superuser and database that zonky creates; trust authentication on loopback only. */
    static final String USER = "postgres";
    static final String DATABASE = "postgres";
    /** initdb on a slow CI disk can take several seconds; zonky's default of 10 s is too tight. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final Path dataDir;
    private int port;
    private EmbeddedPostgres postgres;

    /**
     * @param dataDir where the cluster lives (created by initdb on the first start, reused afterwards)
     * @param port    the port, or 0 to pick a free one on the first start and keep it for later starts
     */
    public EmbeddedPostgresServer(Path dataDir, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535 but was " + port);
        }
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port;
    }

    /** Starts the server (a no-op when it is running); blocks until it accepts connections. */
    public synchronized void start() {
        if (postgres != null) {
            return;
        }
        try {
            Files.createDirectories(dataDir);
            if (port == 0) {
                // Chosen once: the pool's URL and a restart after an outage must keep pointing at the same port.
                port = freePort();
            }
            long t0 = System.nanoTime();
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(STARTUP_WAIT)
                    // zonky turns synchronous_commit off for test speed; a commit must survive a crash here,
                    // because the transcript writer deletes the Redis copy right after it.
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            LOG.info("Embedded PostgreSQL started on 127.0.0.1:{} with data in {} in {} ms", port, dataDir,
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDir, e);
        }
    }

    /** Stops the server with a fast shutdown (open sessions are cut off); a no-op when it is not running. */
    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
            LOG.info("Embedded PostgreSQL on port {} stopped", port);
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL on port {} did not stop cleanly", port, e);
        } finally {
            postgres = null;
        }
    }

    public synchronized boolean isRunning() {
        return postgres != null;
    }

    /** The port; stable across restarts (0 only before the first start when a free port was asked for). */
    public synchronized int port() {
        return port;
    }

    /** JDBC URL of the server's {@code postgres} database; valid across restarts. */
    public synchronized String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
