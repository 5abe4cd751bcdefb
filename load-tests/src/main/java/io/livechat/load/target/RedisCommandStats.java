package io.livechat.load.target;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Redis's own account of the time each command took ({@code INFO commandstats}: calls and microseconds of Redis CPU
 * per command), read before and after a step so that the step's share can be reported per command: where Redis
 * spends its CPU per message (the accept script, the transcript hand-off's stream commands, publishing).
 *
 * @param byCommand command name to {calls, usec}
 */
public record RedisCommandStats(Map<String, long[]> byCommand) {

    /** For a system without Redis, or when Redis could not be read. */
    public static final RedisCommandStats NONE = new RedisCommandStats(Map.of());

    /** Reads the statistics now; {@link #NONE} when {@code redisUrl} is null or Redis does not answer. */
    public static RedisCommandStats read(String redisUrl) {
        if (redisUrl == null) {
            return NONE;
        }
        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.setTimeout(Duration.ofSeconds(5));
            return parse(c.sync().info("commandstats"));
        } catch (RuntimeException e) {
            return NONE;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** Parses lines such as {@code cmdstat_evalsha:calls=5,usec=200,usec_per_call=40.00,...}. */
    static RedisCommandStats parse(String info) {
        Map<String, long[]> out = new TreeMap<>();
        for (String line : info.split("\r?\n")) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            int colon = line.indexOf(':');
            String name = line.substring("cmdstat_".length(), colon);
            long calls = 0;
            long usec = 0;
            for (String kv : line.substring(colon + 1).split(",")) {
                String[] p = kv.split("=", 2);
                if (p[0].equals("calls")) {
                    calls = Long.parseLong(p[1]);
                } else if (p[0].equals("usec")) {
                    usec = Long.parseLong(p[1]);
                }
            }
            out.put(name, new long[] {calls, usec});
        }
        return new RedisCommandStats(out);
    }

    /** What happened between {@code before} and now, commands that ran only, most Redis CPU first. */
    public Map<String, long[]> since(RedisCommandStats before) {
        Map<String, long[]> diff = new TreeMap<>();
        byCommand.forEach((name, now) -> {
            long[] then = before.byCommand.getOrDefault(name, new long[2]);
            if (now[0] > then[0]) {
                diff.put(name, new long[] {now[0] - then[0], now[1] - then[1]});
            }
        });
        Map<String, long[]> sorted = new LinkedHashMap<>();
        diff.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
