package io.livechat.runtime;

import io.livechat.metrics.ChatMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Periodic jobs on a real scheduler survive their own failures, and each failure shows in the metrics. */
class GuardedJobTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ChatMetrics metrics = new ChatMetrics();

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    private double failures(String timer) {
        return metrics.registry().get("chat.timer.failures").tag("timer", timer).counter().count();
    }

    @Test
    void aJobThatThrowsOnItsFirstRunRunsAgainAndTheFailureIsCounted() {
        AtomicInteger runs = new AtomicInteger();
        GuardedJob.every(scheduler, metrics, "leases", 10, TimeUnit.MILLISECONDS, () -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("redis said no");
            }
        });

        await("runs after the failed one").atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 3);
        assertEquals(1.0, failures("leases"));
        assertTrue(metrics.scrape().contains("chat_timer_failures_total{timer=\"leases\"} 1.0"), metrics.scrape());
    }

    @Test
    void aJobThatThrowsAnErrorKeepsItsScheduleToo() {
        AtomicInteger runs = new AtomicInteger();
        GuardedJob.every(scheduler, metrics, "publish", 10, TimeUnit.MILLISECONDS, () -> {
            if (runs.incrementAndGet() <= 2) {
                throw new NoClassDefFoundError("io/livechat/Missing");
            }
        });

        await("runs after the failed ones").atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 4);
        assertEquals(2.0, failures("publish"));
    }
}
