package io.livechat.server.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;

/**
 * Tracks one dependency's outage for a retry loop: counts every failure, logs once when the outage starts and
 * once when it ends (not per retry), and gives the exponential back-off delay.
 *
 * <p>Not thread-safe: used only by the loop thread that owns it.
 */
final class RetryState {

    private static final Logger LOG = LoggerFactory.getLogger(RetryState.class);

    private final String dependency;
    private final Counter errors;
    private final long initialDelayMs;
    private final long maxDelayMs;
    private int failures;
    private long downSinceNanos;

    RetryState(String dependency, Counter errors, long initialDelayMs, long maxDelayMs) {
        this.dependency = dependency;
        this.errors = errors;
        this.initialDelayMs = initialDelayMs;
        this.maxDelayMs = maxDelayMs;
    }

    /** Records a failed attempt; returns how long to wait before the next one. */
    long failed(Exception e) {
        errors.increment();
        failures++;
        if (failures == 1) {
            downSinceNanos = System.nanoTime();
            LOG.warn("{} unavailable, retrying with back-off up to {} ms: {}", dependency, maxDelayMs, e.toString());
        } else {
            LOG.debug("{} still unavailable (attempt {}): {}", dependency, failures, e.toString());
        }
        // Doubling from the initial delay; the shift is capped so that a long outage cannot overflow it.
        return Math.min(maxDelayMs, initialDelayMs << Math.min(failures - 1, 20));
    }

    /** Records a successful attempt, logging the end of an outage if there was one. */
    void succeeded() {
        if (failures > 0) {
            LOG.info("{} available again after {} ms and {} failed attempts", dependency,
                    (System.nanoTime() - downSinceNanos) / 1_000_000, failures);
            failures = 0;
        }
    }

    boolean isFailing() {
        return failures > 0;
    }
}
