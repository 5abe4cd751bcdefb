package io.livechat.server.store;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The transcript writer's meters. Names follow Micrometer's dotted convention; the Prometheus names they become
 * are given on each field.
 */
final class WriterMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(WriterMetrics.class);

    /** {@code chat_transcript_batch_size}: messages per committed batch. */
    final DistributionSummary batchSize;
    /** {@code chat_transcript_flush_seconds}: time to write and commit one batch. */
    final Timer flush;
    /** {@code chat_transcript_rows_total}: message rows inserted (duplicates skipped are not counted). */
    final Counter rows;
    /** {@code chat_transcript_rejected_total}: entries dropped as malformed or refused by PostgreSQL. */
    final Counter rejected;
    /**
     * {@code chat_transcript_relocated_total}: messages stored under a new seq because Redis had given their seq to
     * another message already (see {@link SeqCollisions}); each such conversation's log gets a new epoch.
     */
    final Counter relocated;
    /** {@code chat_postgres_errors_total}: failed attempts to write to PostgreSQL. */
    final Counter postgresErrors;
    /** {@code chat_redis_errors_total{component="transcript-writer"}}: failed Redis calls. */
    final Counter redisErrors;

    WriterMetrics(MeterRegistry registry) {
        batchSize = DistributionSummary.builder("chat.transcript.batch.size")
                .description("Messages per committed transcript batch").register(registry);
        flush = Timer.builder("chat.transcript.flush")
                .description("Time to write and commit one transcript batch").register(registry);
        rows = Counter.builder("chat.transcript.rows")
                .description("Transcript message rows inserted into PostgreSQL").register(registry);
        rejected = Counter.builder("chat.transcript.rejected")
                .description("Transcript entries dropped as malformed or refused by PostgreSQL").register(registry);
        relocated = Counter.builder("chat.transcript.relocated")
                .description("Messages stored under a new seq because Redis had given theirs twice")
                .register(registry);
        postgresErrors = Counter.builder("chat.postgres.errors").tag("component", "transcript-writer")
                .description("Failed PostgreSQL operations").register(registry);
        redisErrors = Counter.builder("chat.redis.errors").tag("component", "transcript-writer")
                .description("Failed Redis operations").register(registry);
        LOG.debug("Transcript writer meters registered");
    }

    void flushed(int messages, int inserted, long nanos) {
        batchSize.record(messages);
        rows.increment(inserted);
        flush.record(nanos, TimeUnit.NANOSECONDS);
    }
}
