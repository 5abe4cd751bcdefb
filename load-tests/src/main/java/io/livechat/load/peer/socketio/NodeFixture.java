package io.livechat.load.peer.socketio;

import io.livechat.load.target.ChildProcess;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Node.js peer server's folder under {@code load-tests/peers/}: found from the repository root or from inside
 * load-tests, with its {@code node_modules} installed by {@code npm ci} (from the committed lock file) when missing.
 */
final class NodeFixture {

    private static final Logger LOG = LoggerFactory.getLogger(NodeFixture.class);
    private static final long NPM_TIMEOUT_SECONDS = 300;

    private NodeFixture() {
    }

    /** The folder of fixture {@code name} (holding {@code server.js}); {@code -Dlivechat.peers=<dir>} overrides. */
    static Path locate(String name) throws IOException {
        String override = System.getProperty("livechat.peers");
        List<Path> candidates = override != null ? List.of(Path.of(override, name))
                : List.of(Path.of("load-tests", "peers", name), Path.of("peers", name),
                        Path.of("..", "load-tests", "peers", name));
        for (Path p : candidates) {
            if (Files.isRegularFile(p.resolve("server.js"))) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IOException("peer fixture '" + name + "' not found (looked in " + candidates
                + "); run from the repository root or load-tests");
    }

    /**
     * Runs {@code npm ci --no-audit --no-fund} in {@code dir} unless {@code node_modules/<marker>} is there;
     * serialised, so two runs in one JVM never install into the same folder at once.
     */
    static synchronized void install(Path dir, String marker, Path work) throws IOException, InterruptedException {
        if (Files.isRegularFile(dir.resolve("node_modules").resolve(marker).resolve("package.json"))) {
            return;
        }
        Path log = work.resolve("npm-ci.log");
        LOG.info("installing {} with npm ci (log {})", dir, log);
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!npm.waitFor(NPM_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("npm ci in " + dir + " took over " + NPM_TIMEOUT_SECONDS + " s:\n" + ChildProcess.logTail(log));
            }
            if (npm.exitValue() != 0) {
                throw new IOException("npm ci in " + dir + " failed (exit " + npm.exitValue() + "):\n" + ChildProcess.logTail(log));
            }
        } finally {
            npm.destroyForcibly();
        }
    }
}
