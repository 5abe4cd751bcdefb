package io.livechat.load.target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU seconds used so far by the Redis and the PostgreSQL a server relies on, apart.
 *
 * <p>Redis: every {@code redis-server} process among this generator's descendants (the embedded Redis is a child of
 * the server JVM, or of this JVM when it starts the cluster), with its reaped children (AOF rewrites). PostgreSQL:
 * the embedded postmaster is started through {@code pg_ctl}, which detaches it, so it is no descendant of anything
 * here: it is found through the {@code postmaster.pid} file under the server's data directory, and counted with its
 * live backends and the ones it has reaped.
 *
 * @param redis    Redis CPU seconds
 * @param postgres PostgreSQL CPU seconds
 */
public record InfraCpu(double redis, double postgres) {

    /** For systems with neither. */
    public static final InfraCpu NONE = new InfraCpu(0, 0);

    public double total() {
        return redis + postgres;
    }

    public InfraCpu minus(InfraCpu before) {
        return new InfraCpu(redis - before.redis, postgres - before.postgres);
    }

    /** Reads both now; {@code dataDir} is where the server keeps its embedded PostgreSQL (null: none known). */
    public static InfraCpu measure(Path dataDir) {
        double redis = ProcessHandle.current().descendants().filter(InfraCpu::isRedis)
                .mapToDouble(h -> Math.max(0, ProcStats.cpuSecondsWithReapedChildren(h.pid()))).sum();
        double postgres = postmasterPid(dataDir).map(InfraCpu::treeCpuSeconds).orElse(0.0);
        return new InfraCpu(redis, postgres);
    }

    private static boolean isRedis(ProcessHandle h) {
        return h.info().command().map(c -> Path.of(c).getFileName().toString().startsWith("redis-server"))
                .orElse(false);
    }

    /** The process with its reaped children, plus its live descendants. */
    static double treeCpuSeconds(long pid) {
        double own = Math.max(0, ProcStats.cpuSecondsWithReapedChildren(pid));
        return own + ProcStats.descendantsCpuSeconds(pid);
    }

    /** The pid in the first line of a {@code postmaster.pid} under {@code dataDir}, when one is there. */
    static Optional<Long> postmasterPid(Path dataDir) {
        if (dataDir == null || !Files.isDirectory(dataDir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(dataDir, 4)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().equals("postmaster.pid")).toList();
            for (Path f : found) {
                List<String> lines = Files.readAllLines(f);
                if (!lines.isEmpty() && lines.get(0).trim().matches("[0-9]+")) {
                    return Optional.of(Long.parseLong(lines.get(0).trim()));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
