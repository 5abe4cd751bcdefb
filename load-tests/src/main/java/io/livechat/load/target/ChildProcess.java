package io.livechat.load.target;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What every child process the generator starts needs: waiting until it is ready, a full GC on request (JVMs),
 * a bounded stop, and the end of its log for error messages.
 */
public final class ChildProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);

    private ChildProcess() {
    }

    /** Asks a JVM for a full GC ({@code jcmd <pid> GC.run}), so that heap and RSS readings are comparable; best effort. */
    public static void jcmdGc(long pid) {
        try {
            Process p = new ProcessBuilder("jcmd", String.valueOf(pid), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            LOG.debug("jcmd GC.run failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops a process: SIGTERM, SIGKILL after {@code graceSeconds}, then kills whatever it had started that is still
     * alive (a balancer's workers, the embedded Redis and PostgreSQL of an all-in-one server).
     */
    public static void stop(Process process, int graceSeconds) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** A readiness check, called on the caller's thread (the generator's main thread, never an event loop). */
    @FunctionalInterface
    public interface Probe {
        boolean ready() throws InterruptedException;
    }

    /**
     * Polls {@code probe} every 100 ms until it holds; fails, with the end of {@code log}, when the process exits
     * first or {@code timeout} passes.
     *
     * @param what the process, for the error message ("server", "CometD server", ...)
     */
    public static void awaitReady(Process process, Duration timeout, String what, Path log, Probe probe)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!probe.ready()) {
            if (!process.isAlive()) {
                throw new IOException(what + " exited with " + process.exitValue() + ":\n" + logTail(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(what + " not ready within " + timeout + ":\n" + logTail(log));
            }
            Thread.sleep(100);
        }
    }

    /** Whether {@code GET http://127.0.0.1:<port>/readyz} answers 200 (our servers, or a balancer in front of them). */
    public static boolean readyz(HttpClient http, int port) throws InterruptedException {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                    .timeout(Duration.ofSeconds(2)).build();
            return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** The last 20 lines of a log, for error messages (work folders go away with the run). */
    public static String logTail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log at " + log + ")";
        }
    }
}
