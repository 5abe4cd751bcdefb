package io.livechat.runtime;

import io.livechat.metrics.ChatMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A periodic job on the shared timer whose failed runs are logged and counted, and which keeps its schedule. */
public final class GuardedJob implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedJob.class);

    private final String name;
    private final Runnable job;
    private final ChatMetrics metrics;
    /** Only the timer thread touches it: runs of a fixed-delay job never overlap. */
    private int failuresInARow;

    private GuardedJob(String name, Runnable job, ChatMetrics metrics) {
        this.name = name;
        this.job = job;
        this.metrics = metrics;
    }

    /**
     * Runs {@code job} every {@code period} on {@code scheduler} (fixed delay, first run after one period) until
     * the returned future is cancelled; a run that throws is counted as
     * {@code chat_timer_failures_total{timer=name}} and the next run happens on time.
     */
    public static ScheduledFuture<?> every(ScheduledExecutorService scheduler, ChatMetrics metrics, String name,
                                           long period, TimeUnit unit, Runnable job) {
        return scheduler.scheduleWithFixedDelay(new GuardedJob(name, job, metrics), period, period, unit);
    }

    @Override
    public void run() {
        try {
            job.run();
            if (failuresInARow > 0) {
                LOG.info("timer job {} ran normally again after {} failed runs", name, failuresInARow);
                failuresInARow = 0;
            }
        } catch (Throwable t) {
            // Errors too: a periodic task's throwable never reaches an uncaught-exception handler (the executor
            // keeps it in the task's future, which nobody reads), so letting it through would only end the job
            // silently, the very failure this class prevents. A JVM that must stop on OutOfMemoryError says so
            // with -XX:+ExitOnOutOfMemoryError, which acts before any catch.
            failed(t);
        }
    }

    private void failed(Throwable t) {
        if (Thread.currentThread().isInterrupted()) {
            LOG.debug("timer job {} interrupted by the timer's shutdown: {}", name, t.toString());
            return;
        }
        metrics.timerFailure(name);
        // the stack once per run of failures: a job failing every second would otherwise flood the log
        if (failuresInARow++ == 0) {
            LOG.error("timer job {} failed; it keeps its schedule", name, t);
        } else {
            LOG.warn("timer job {} failed again ({} runs in a row): {}", name, failuresInARow, t.toString());
        }
    }
}
