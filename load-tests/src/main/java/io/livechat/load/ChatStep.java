package io.livechat.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.load.report.Ledger;
import io.livechat.load.report.Percentiles;
import io.livechat.load.report.Series;
import io.livechat.load.target.InfraCpu;
import io.livechat.load.target.ProcStats;
import io.livechat.load.target.RedisCommandStats;
import io.livechat.load.target.ServerTarget;
import io.livechat.protocol.Json;
import org.HdrHistogram.Histogram;

import java.util.concurrent.locks.LockSupport;

/**
 * One step of the Chat scenario: sends messages {@code first..first+rate*seconds-1} at a fixed rate from the
 * calling thread (each stamped with its intended time, so a stall shows as latency, not as a pause), waits for
 * them to arrive, and measures latency and the server's CPU.
 */
final class ChatStep {

    private final Ledger ledger;
    private final ChatTraffic traffic;
    private final ServerTarget target;
    private final ChatTraffic.Slow slow;
    /** Whether the server is ours, with {@code /metrics} (transcript rows, heap); a peer has neither. */
    private final boolean ours;
    private long rssMax;
    private final Histogram corrected = new Histogram(Ledger.MAX_MICROS, 3);
    private final Histogram uncorrected = new Histogram(Ledger.MAX_MICROS, 3);

    ChatStep(Ledger ledger, ChatTraffic traffic, ServerTarget target, boolean ours) {
        this.ours = ours;
        this.ledger = ledger;
        this.traffic = traffic;
        this.target = target;
        this.slow = traffic.slow();
    }

    /**
     * Runs the step on the caller's thread (the main thread, never an event loop).
     *
     * @param timeline charts' series {p50, p99, max, delivered/s[, server RSS MB]}; x is seconds since {@code t0}
     */
    ObjectNode run(int rate, int seconds, long first, double drainSeconds, long t0, Series[] timeline) {
        long count = (long) rate * seconds;
        long end = first + count;
        long framesBefore = ledger.frames.sum();
        long refusedBefore = ledger.refused.sum();
        long dupBefore = ledger.duplicates.sum() + ledger.echoDuplicates.sum();
        long excludedBefore = ledger.excluded.sum();
        long excludedDeliveredBefore = ledger.excludedDelivered.sum();
        double cpuBefore = ProcStats.cpuSeconds(target.pids());
        InfraCpu infraBefore = target.infraCpu();
        RedisCommandStats redisBefore = RedisCommandStats.read(target.redisUrl());
        long rowsBefore = transcriptRows();
        ledger.corrected().reset();
        ledger.uncorrected().reset();
        long start = System.nanoTime();
        long nextSample = start + 1_000_000_000L;
        long lastFrames = framesBefore;
        double nanosPerMessage = 1e9 / rate;
        for (long i = first; i < end; i++) {
            long intended = start + (long) ((i - first) * nanosPerMessage);
            long now;
            while ((now = System.nanoTime()) < intended) {
                LockSupport.parkNanos(Math.min(intended - now, 200_000));
            }
            traffic.send(i, intended);
            if (now >= nextSample) {
                lastFrames = sample(t0, now, lastFrames, timeline);
                nextSample += 1_000_000_000L;
            }
        }
        long sendEnd = System.nanoTime();
        long rowsAtSendEnd = transcriptRows();
        long drainDeadline = sendEnd + (long) (drainSeconds * 1e9);
        long missing = ledger.missing(first, end);
        while (missing > ledger.refused.sum() - refusedBefore && System.nanoTime() < drainDeadline) {
            LockSupport.parkNanos(50_000_000);
            missing = ledger.missing(first, end);
        }
        sample(t0, System.nanoTime(), lastFrames, timeline);
        double cpu = ProcStats.cpuSeconds(target.pids()) - cpuBefore;
        InfraCpu infra = target.infraCpu().minus(infraBefore);
        var redisCommands = RedisCommandStats.read(target.redisUrl()).since(redisBefore);
        long rowsAfter = transcriptRows();
        long frames = ledger.frames.sum() - framesBefore;
        ObjectNode r = Json.object().put("targetRate", rate).put("seconds", seconds)
                .put("achievedSendRate", Percentiles.round(count / ((sendEnd - start) / 1e9)))
                .put("messages", count).put("missing", missing)
                .put("refused", ledger.refused.sum() - refusedBefore)
                .put("duplicates", ledger.duplicates.sum() + ledger.echoDuplicates.sum() - dupBefore)
                .put("deliveries", frames)
                .put("serverCpuSeconds", Percentiles.round(cpu))
                .put("serverCpuSecondsPer1000Deliveries", frames == 0 ? 0 : Math.round(cpu / frames * 1000 * 1e6) / 1e6)
                .put("embeddedRedisPostgresCpuSeconds", Percentiles.round(infra.total()))
                .put("redisCpuSeconds", Percentiles.round(infra.redis()))
                .put("postgresCpuSeconds", Percentiles.round(infra.postgres()))
                .put("serverRssBytesMax", rssMax).put("serverRssBytesEnd", ProcStats.rssBytes(target.pids()));
        ObjectNode commands = r.putObject("redisCommands");
        redisCommands.forEach((name, cu) -> commands.putObject(name).put("calls", cu[0]).put("usec", cu[1])
                .put("usecPerCall", Math.round(cu[1] * 100.0 / cu[0]) / 100.0)
                .put("usecPerDelivery", frames == 0 ? 0 : Math.round(cu[1] * 100.0 / frames) / 100.0));
        if (ours) {
            r.put("transcriptRowsDuringSend", rowsAtSendEnd - rowsBefore)
                    .put("transcriptRowsPerSecond", Math.round((rowsAtSendEnd - rowsBefore) / ((sendEnd - start) / 1e9)))
                    .put("transcriptRowsIncludingDrain", rowsAfter - rowsBefore)
                    .put("serverHeapUsedBytesEnd", heapUsed());
        } else {
            // a peer stores nothing and has no /metrics: no transcript rows, heap not known
            r.putNull("transcriptRowsPerSecond").putNull("serverHeapUsedBytesEnd");
        }
        if (slow.count() > 0) {
            long[] queued = {0, 0};
            for (int port : target.gatewayPorts()) {
                long[] q = ProcStats.sendQueue(port);
                queued[0] += q[0];
                queued[1] += q[1];
            }
            r.putObject("slowConsumers")
                    .put("serverKernelSendQueueBytes", queued[0]).put("serverSocketsWithSendQueue", queued[1]).put("visitors", slow.count()).put("paddingChars", slow.paddingChars())
                    .put("messagesToOrFromThem", ledger.excluded.sum() - excludedBefore)
                    .put("ofThoseDelivered", ledger.excludedDelivered.sum() - excludedDeliveredBefore)
                    .put("ofThoseNotDelivered", ledger.missingExcluded(first, end));
        }
        r.set("latency", Percentiles.json(corrected));
        r.set("latencyUncorrected", Percentiles.json(uncorrected));
        return r;
    }

    /** Moves the recorders' interval into the step's histograms and appends one point per series. */
    private long sample(long t0, long now, long lastFrames, Series[] timeline) {
        Histogram c = ledger.corrected().getIntervalHistogram();
        corrected.add(c);
        uncorrected.add(ledger.uncorrected().getIntervalHistogram());
        double x = (now - t0) / 1e9;
        if (c.getTotalCount() > 0) {
            timeline[0].add(x, Percentiles.ms(c, 50));
            timeline[1].add(x, Percentiles.ms(c, 99));
            timeline[2].add(x, c.getMaxValue() / 1000.0);
        }
        long frames = ledger.frames.sum();
        timeline[3].add(x, frames - lastFrames);
        long rss = ProcStats.rssBytes(target.pids());
        rssMax = Math.max(rssMax, rss);
        if (timeline.length > 4) {
            timeline[4].add(x, rss / 1e6);
        }
        return frames;
    }

    /** The agent server's {@code chat_transcript_rows_total}: rows the transcript writer committed so far. */
    private long transcriptRows() {
        return !ours ? 0 : ProcStats.metric(target.host(), target.serverPort(), "chat_transcript_rows_total", "");
    }

    /** Used heap of every server JVM (the gateways' and, when separate, the agent server's). */
    private long heapUsed() {
        java.util.Set<Integer> ports = new java.util.LinkedHashSet<>(target.gatewayPorts());
        if (!"single".equals(target.topology())) {
            ports.add(target.serverPort());
        }
        return ports.stream().mapToLong(p -> ProcStats.heapUsedBytes(target.host(), p)).sum();
    }

    Histogram corrected() {
        return corrected;
    }
}
