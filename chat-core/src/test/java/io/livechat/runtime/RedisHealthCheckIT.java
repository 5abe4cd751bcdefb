package io.livechat.runtime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Redis health check on the shared timer, against a real redis-server behind a relay that can make it stop
 * answering: the check never holds the timer thread, and recovery is still noticed and announced.
 */
class RedisHealthCheckIT {

    private static final long PROBE_MS = 100;

    private RedisServer redis;
    private HangingRelay relay;
    private Resources res;

    @BeforeEach
    void start() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        redis = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"").build();
        redis.start();
        relay = new HangingRelay(port);
        res = new Resources("redis://127.0.0.1:" + relay.port(), "health-check-test-secret", Duration.ofDays(1), 1);
    }

    @AfterEach
    void stop() throws IOException {
        res.close();
        relay.close();
        redis.stop();
    }

    /** Start times (ms) of a job run every {@link #PROBE_MS} on the shared timer, from now on. */
    private List<Long> probeTheTimer() {
        List<Long> runs = new CopyOnWriteArrayList<>();
        ScheduledFuture<?> probe = res.scheduler().scheduleWithFixedDelay(
                () -> runs.add(System.nanoTime() / 1_000_000), 0, PROBE_MS, TimeUnit.MILLISECONDS);
        assertFalse(probe.isDone());
        return runs;
    }

    private static long longestGap(List<Long> runs) {
        long gap = 0;
        for (int i = 1; i < runs.size(); i++) {
            gap = Math.max(gap, runs.get(i) - runs.get(i - 1));
        }
        return gap;
    }

    @Test
    void anUnansweringRedisTurnsUnhealthyWithoutHoldingUpOtherTimerJobs() {
        await().atMost(Duration.ofSeconds(5)).until(res::redisHealthy);
        relay.hang();
        List<Long> runs = probeTheTimer();

        await("redis reported unhealthy").atMost(Duration.ofSeconds(5)).until(() -> !res.redisHealthy());
        // a window of several health checks, each of which used to hold the timer for its whole 1 s timeout
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.size() >= 30);
        long gap = longestGap(runs);
        assertTrue(gap < 4 * PROBE_MS, "a " + PROBE_MS + " ms job waited " + gap + " ms between runs: " + runs);
    }

    @Test
    void redisAnsweringAgainRunsTheRecoveryCallbacksOnTheTimerThread() {
        List<String> recoveredOn = new CopyOnWriteArrayList<>();
        res.onRedisBack(() -> recoveredOn.add(Thread.currentThread().getName()));
        relay.hang();
        await("redis reported unhealthy").atMost(Duration.ofSeconds(5)).until(() -> !res.redisHealthy());

        relay.recover();
        await("redis reported healthy").atMost(Duration.ofSeconds(10)).until(res::redisHealthy);
        await().atMost(Duration.ofSeconds(2)).until(() -> recoveredOn.size() == 1);
        assertTrue(recoveredOn.get(0).startsWith("chat-timer-"), "ran on " + recoveredOn);
    }
}
