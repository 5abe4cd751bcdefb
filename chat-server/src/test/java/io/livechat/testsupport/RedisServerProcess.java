package io.livechat.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One cluster-enabled {@code redis-server} child process on loopback, in its own directory, that dies with the JVM
 * even when the JVM is killed; {@link RedisClusterProcess} starts six of them.
 */
final class RedisServerProcess {

    /** How long a node may take to answer PING after its start. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    /*
     * A shutdown hook does not run when Failsafe SIGKILLs a forked JVM that overran its time, so the server runs
     * under a small shell that holds the JVM's end of a pipe on its stdin: when the JVM dies, however it dies, the
     * pipe closes, cat returns and the shell SIGKILLs the server. The server itself is started in the background,
     * so its stdin is /dev/null and the pipe stays the watchdog's alone.
     */
    private static final String WATCHDOG = "\"$0\" \"$@\" & server=$!; cat >/dev/null; kill -9 \"$server\" 2>/dev/null";

    private final int port;
    private final int busPort;
    private final Path dir;
    private final Process watchdog;
    private final ProcessHandle server;

    private RedisServerProcess(int port, int busPort, Path dir, Process watchdog, ProcessHandle server) {
        this.port = port;
        this.busPort = busPort;
        this.dir = dir;
        this.watchdog = watchdog;
        this.server = server;
    }

    /**
     * Starts a node on {@code port} with its cluster bus on {@code busPort} and waits until it answers PING.
     *
     * @throws IOException when it exits or stays silent (a port taken in the meantime, say), with its log's end
     */
    static RedisServerProcess start(Path binary, Path dir, int port, int busPort, Duration nodeTimeout)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG, binary.toString(),
                "--port", String.valueOf(port),
                "--cluster-port", String.valueOf(busPort),
                "--bind", "127.0.0.1",
                "--cluster-announce-ip", "127.0.0.1",
                "--cluster-enabled", "yes",
                "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", String.valueOf(nodeTimeout.toMillis()),
                // killMaster must always end in a promotion, however long ago the replica last heard its master
                "--cluster-replica-validity-factor", "0",
                // a replica that has not finished its first sync cannot be promoted: sync at once, not after 5 s
                "--repl-diskless-sync-delay", "0",
                "--appendonly", "no",
                "--save", "",
                "--dir", dir.toString()));
        Process watchdog = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        ProcessHandle server = awaitServer(watchdog, port, dir);
        return new RedisServerProcess(port, busPort, dir, watchdog, server);
    }

    private static ProcessHandle awaitServer(Process watchdog, int port, Path dir)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        // the shell has two children, the server and cat, and the server runs under a symlinked name: ask it its pid
        boolean sawBoth = false;
        while (System.nanoTime() < deadline && watchdog.isAlive()) {
            Optional<ProcessHandle> server = ownPid(port).flatMap(ProcessHandle::of)
                    .filter(p -> p.parent().map(parent -> parent.pid() == watchdog.pid()).orElse(false));
            if (server.isPresent()) {
                return server.get();
            }
            long children = watchdog.children().count();
            if (sawBoth && children < 2) {
                break; // the server exited (a port taken in the meantime, say); only cat is left
            }
            sawBoth |= children == 2;
            Thread.sleep(20);
        }
        destroy(watchdog);
        throw new IOException("redis-server on port " + port + " did not start:\n" + logTail(dir));
    }

    private static Optional<Long> ownPid(int port) {
        try {
            return RespCommand.text(port, "INFO", "server").lines().filter(l -> l.startsWith("process_id:"))
                    .map(l -> Long.parseLong(l.substring("process_id:".length()).trim())).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    int port() {
        return port;
    }

    int busPort() {
        return busPort;
    }

    boolean isAlive() {
        return server.isAlive();
    }

    long pid() {
        return server.pid();
    }

    /** SIGKILLs the server (a crash: no shutdown, no final save) and waits until it is gone. */
    void kill() throws InterruptedException {
        server.destroyForcibly();
        try {
            server.onExit().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("redis-server " + port + " (pid " + pid() + ") survived SIGKILL", e);
        }
    }

    /** SIGSTOP ({@code freeze}) or SIGCONT: a node that stalls without its sockets closing. */
    void signal(boolean freeze) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("/bin/kill", freeze ? "-STOP" : "-CONT", String.valueOf(pid()))
                .redirectErrorStream(true).start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill " + (freeze ? "-STOP " : "-CONT ") + pid() + " failed");
        }
    }

    /** Kills the server and its watchdog and waits (briefly) for both; safe to call twice and from a shutdown hook. */
    void destroy() {
        server.destroyForcibly();
        destroy(watchdog);
        try {
            server.onExit().get(5, TimeUnit.SECONDS);
            watchdog.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // SIGKILLed; it goes when the kernel lets it, nothing more to do from here
        }
    }

    private static void destroy(Process watchdog) {
        watchdog.descendants().forEach(ProcessHandle::destroyForcibly);
        try {
            watchdog.getOutputStream().close();
        } catch (IOException e) {
            // the watchdog is killed below anyway
        }
        watchdog.destroyForcibly();
    }

    /** The last lines of the node's log, for error messages. */
    String logTail() {
        return logTail(dir);
    }

    private static String logTail(Path dir) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("redis.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log in " + dir + ")";
        }
    }
}
