package io.livechat.load;

import io.livechat.load.target.GeneratorClassPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Extra generator processes for a Hold run that needs more connections than one process may hold (20,000 open
 * files each): each runs {@link HoldClients} with its share and its own source addresses, and reports what it
 * opened on stdout; closing this closes their stdin, which makes them hang up and exit.
 */
final class ClientProcesses implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClientProcesses.class);

    /** One child: the process and the last counts it reported. */
    private static final class Child {
        final Process process;
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicReference<String> error = new AtomicReference<>();
        volatile boolean ready;

        Child(Process process) {
            this.process = process;
        }
    }

    private final List<Child> children = new ArrayList<>();

    /**
     * Starts {@code processes} children that together open {@code connections} visitors spread over {@code ports},
     * each on its own range of source addresses ({@code sourcesEach} addresses per process).
     */
    ClientProcesses(int processes, int connections, String host, List<Integer> ports, VisitorFleet.Mix transport,
                    int sourcesEach, String siteKey, int concurrency) throws IOException {
        if (processes * sourcesEach > 254) {
            throw new IllegalArgumentException(processes + " processes × " + sourcesEach + " source addresses exceed 127.0.0.1..254");
        }
        String classPath = GeneratorClassPath.containing(picocli.CommandLine.class);
        String ports1 = String.join(",", ports.stream().map(String::valueOf).toList());
        for (int k = 0; k < processes; k++) {
            int share = connections / processes + (k < connections % processes ? 1 : 0);
            List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
                    "-XX:+UseSerialGC", "-cp", classPath, Main.class.getName(), "hold-clients",
                    "--host", host, "--ports", ports1, "--connections", String.valueOf(share),
                    "--transport", transport.name(), "--first-source", String.valueOf(1 + k * sourcesEach),
                    "--sources", String.valueOf(sourcesEach), "--site-key", siteKey,
                    "--connect-concurrency", String.valueOf(Math.max(1, concurrency / processes)));
            Child c = new Child(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start());
            children.add(c);
            Thread t = new Thread(() -> follow(c), "generator-" + (k + 1) + "-stdout");
            t.setDaemon(true);
            t.start();
            LOG.info("generator process {} (pid {}) opens {} visitors from 127.0.0.{}..{}", k + 1, c.process.pid(),
                    share, 1 + k * sourcesEach, (k + 1) * sourcesEach);
        }
    }

    /** Reads a child's progress lines ({@code opened=N failed=M}); one thread per process, not per connection. */
    private static void follow(Child c) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(c.process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("opened ") || line.startsWith("ready ")) {
                    for (String part : line.split(" ")) {
                        if (part.startsWith("opened=")) {
                            c.opened.set(Integer.parseInt(part.substring(7)));
                        } else if (part.startsWith("failed=")) {
                            c.failed.set(Integer.parseInt(part.substring(7)));
                        }
                    }
                    int e = line.indexOf(" error=");
                    if (e >= 0) {
                        c.error.compareAndSet(null, line.substring(e + 7));
                    }
                    c.ready |= line.startsWith("ready ");
                }
            }
        } catch (IOException e) {
            LOG.debug("generator process output: {}", e.toString());
        }
    }

    int opened() {
        return children.stream().mapToInt(c -> c.opened.get()).sum();
    }

    int failed() {
        return children.stream().mapToInt(c -> c.failed.get()).sum();
    }

    /** Whether every child reported that it finished opening, or exited. */
    boolean allReady() {
        return children.stream().allMatch(c -> c.ready || !c.process.isAlive());
    }

    /** The first error a child reported, or why a child exited early. */
    String firstError() {
        for (Child c : children) {
            if (c.error.get() != null) {
                return c.error.get();
            }
            if (!c.process.isAlive() && !c.ready) {
                return "generator process " + c.process.pid() + " exited with " + c.process.exitValue();
            }
        }
        return null;
    }

    List<Long> pids() {
        return children.stream().map(c -> c.process.pid()).toList();
    }

    @Override
    public void close() {
        for (Child c : children) {
            try {
                c.process.getOutputStream().close();
            } catch (IOException e) {
                LOG.debug("closing stdin of {}: {}", c.process.pid(), e.toString());
            }
        }
        for (Child c : children) {
            try {
                if (!c.process.waitFor(20, TimeUnit.SECONDS)) {
                    c.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                c.process.destroyForcibly();
            }
        }
    }
}
