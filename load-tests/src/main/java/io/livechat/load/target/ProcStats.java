package io.livechat.load.target;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Readings of one process from the kernel ({@code /proc/<pid>/status}, {@code /proc/<pid>/stat},
 * {@code /proc/net/sockstat}) and of its JVM heap from the server's own {@code /metrics}.
 */
public final class ProcStats {

    /** USER_HZ: Linux reports CPU times in 1/100 s on every architecture we run on. */
    public static final double TICKS_PER_SECOND = 100.0;
    public static final long PAGE_BYTES = 4096;

    private ProcStats() {
    }

    /** Resident set size in bytes (VmRSS). */
    public static long rssBytes(long pid) {
        for (String line : lines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    /** User plus system CPU seconds the process has used so far (its threads, not its children). */
    public static double cpuSeconds(long pid) {
        return statTicks(pid, 2);
    }

    /**
     * {@link #cpuSeconds} plus the CPU of the children it has waited for (cutime, cstime): a postmaster's backends
     * that have exited, a Redis's AOF rewrites.
     */
    public static double cpuSecondsWithReapedChildren(long pid) {
        return statTicks(pid, 4);
    }

    /** The sum of the first {@code fields} CPU times of stat(5) from utime on, in seconds; -1 for no process. */
    private static double statTicks(long pid, int fields) {
        List<String> l = lines(Path.of("/proc", String.valueOf(pid), "stat"));
        if (l.isEmpty()) {
            return -1;
        }
        String stat = l.get(0);
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the command name: state is field 3 of stat(5); utime, stime, cutime, cstime are 14 to 17
        long ticks = 0;
        for (int i = 11; i < 11 + fields; i++) {
            ticks += Long.parseLong(f[i]);
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** The summed CPU seconds of several processes. */
    public static double cpuSeconds(List<Long> pids) {
        return pids.stream().mapToDouble(p -> Math.max(0, cpuSeconds(p))).sum();
    }

    /** The summed resident set size of several processes, in bytes. */
    public static long rssBytes(List<Long> pids) {
        return pids.stream().mapToLong(p -> Math.max(0, rssBytes(p))).sum();
    }

    /** CPU seconds of the process's descendants (embedded Redis and PostgreSQL), as far as they are alive now. */
    public static double descendantsCpuSeconds(long pid) {
        return ProcessHandle.of(pid).map(h -> h.descendants().mapToDouble(d -> Math.max(0, cpuSeconds(d.pid())))
                .sum()).orElse(0.0);
    }

    public static long openFiles(long pid) {
        try (Stream<Path> s = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            return s.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The whole machine's TCP socket memory (both ends of every loopback connection), in bytes. */
    public static long tcpSocketBytes() {
        return sockstat("TCP:", "mem") * PAGE_BYTES;
    }

    /** TCP sockets in use on the machine. */
    public static long tcpInUse() {
        return sockstat("TCP:", "inuse");
    }

    private static long sockstat(String proto, String key) {
        for (String line : lines(Path.of("/proc/net/sockstat"))) {
            if (line.startsWith(proto)) {
                String[] f = line.substring(proto.length()).trim().split(" ");
                for (int i = 0; i + 1 < f.length; i += 2) {
                    if (f[i].equals(key)) {
                        return Long.parseLong(f[i + 1]);
                    }
                }
            }
        }
        return -1;
    }

    /**
     * Bytes queued in the kernel's send buffers of the server's established sockets on {@code port} (the
     * {@code Send-Q} column of {@code ss -tn}), and how many sockets have any: writes to slow consumers backing up.
     *
     * @return {bytes, sockets}, or {-1, -1} when {@code ss} is not available
     */
    public static long[] sendQueue(int port) {
        try {
            Process p = new ProcessBuilder("ss", "-tnH", "state", "established", "( sport = :" + port + " )")
                    .redirectErrorStream(true).start();
            long bytes = 0;
            long sockets = 0;
            try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    String[] f = line.trim().split("\\s+");
                    long q = f.length >= 2 ? Long.parseLong(f[1]) : 0; // Recv-Q Send-Q Local Peer
                    bytes += q;
                    sockets += q > 0 ? 1 : 0;
                }
            }
            p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            return new long[] {bytes, sockets};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new long[] {-1, -1};
        }
    }

    /** Used heap in bytes per the server's {@code /metrics} ({@code jvm_memory_used_bytes{area="heap"}}). */
    public static long heapUsedBytes(String host, int port) {
        return metric(host, port, "jvm_memory_used_bytes{", "area=\"heap\"");
    }

    /** The sum of the Prometheus samples named {@code prefix} whose labels contain {@code filter}; -1 on failure. */
    public static long metric(String host, int port, String prefix, String filter) {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String body = http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            return body.lines().filter(l -> l.startsWith(prefix) && l.contains(filter))
                    .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            return List.of();
        }
    }
}
