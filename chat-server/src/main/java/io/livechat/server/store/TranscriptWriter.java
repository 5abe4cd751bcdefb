package io.livechat.server.store;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.livechat.store.TranscriptHandoff;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The durable hand-off from Redis to PostgreSQL: reads accepted messages from the transcript hand-off as one of
 * the writers, stores them in batches, and acknowledges them only after the commit.
 *
 * <p>Runs on its own platform thread with its own Redis connection, so its blocking calls never touch an event
 * loop. An entry is acknowledged only once committed, and every insert is idempotent, so a crash or an outage at
 * any point delays entries but neither loses nor doubles them: this node re-reads its own pending entries after a
 * failure or restart, and entries left pending by a dead node are claimed after {@link #CLAIM_MIN_IDLE}.
 */
public final class TranscriptWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TranscriptWriter.class);

    /**
     * The most entries per transaction. 2,000 measured fastest for every strategy (load-tests transcripts, quiet
     * machine: ~62,000 rows/s against ~45,000 at 500 and ~40,000 at 100); batches only grow that large when the
     * writer has a backlog, e.g. catching up after PostgreSQL was down.
     */
    public static final int DEFAULT_MAX_BATCH = 2000;
    static final Duration CLAIM_MIN_IDLE = Duration.ofSeconds(30);
    static final Duration CLAIM_EVERY = Duration.ofSeconds(15);
    /**
     * After a batch that was not full, the writer waits this long before reading again, so that batches grow with
     * the load instead of one transaction per few rows (at 3,000 msg/s the writer used 14 % of the server's CPU
     * committing tiny batches). It bounds the extra delay before a message reaches PostgreSQL.
     */
    static final long LINGER_MILLIS = 20;
    /** Bounds the conversations awaiting a new epoch after a relocation (only ever a few, after a failover). */
    static final int MAX_UNSETTLED = 10_000;

    private final String nodeId;
    private final int maxBatch;
    private final TranscriptHandoff stream;
    private final TranscriptStore store;
    private final WriterMetrics metrics;
    private final RetryState sqlRetry;
    private final RetryState redisRetry;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    /**
     * Conversations whose messages were stored under new seqs and whose log still awaits its new epoch, with the
     * highest seq Redis had given among what was stored; written on the writer thread, removed on completions.
     */
    private final Map<String, Long> unsettled = new ConcurrentHashMap<>();
    private final Set<String> reseating = ConcurrentHashMap.newKeySet();
    private volatile Reseat reseat = (conversationId, seq) -> CompletableFuture.completedFuture(true);

    // Owned by the writer thread only: the batch in hand, and whether it is committed but not yet acknowledged.
    private TranscriptBatch batch = TranscriptBatch.EMPTY;
    private boolean committed;

    /** @param handoff opens this writer's side of the hand-off ({@code Stores.handoff()}) */
    public TranscriptWriter(DataSource dataSource, Function<TranscriptHandoff.Options, TranscriptHandoff> handoff,
                            String nodeId, MeterRegistry registry) {
        this(dataSource, handoff, nodeId, registry, BatchInserter.multiRowValues(), DEFAULT_MAX_BATCH);
    }

    public TranscriptWriter(DataSource dataSource, Function<TranscriptHandoff.Options, TranscriptHandoff> handoff,
                            String nodeId, MeterRegistry registry, BatchInserter inserter, int maxBatch) {
        this(dataSource, handoff, nodeId, registry, inserter, maxBatch, CLAIM_MIN_IDLE, CLAIM_EVERY);
    }

    /** Tests shorten the claim timings to see a dead consumer's entries claimed within seconds. */
    TranscriptWriter(DataSource dataSource, Function<TranscriptHandoff.Options, TranscriptHandoff> handoff,
                     String nodeId, MeterRegistry registry, BatchInserter inserter, int maxBatch,
                     Duration claimMinIdle, Duration claimEvery) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1 but was " + maxBatch);
        }
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.maxBatch = maxBatch;
        this.stream = Objects.requireNonNull(handoff, "handoff")
                .apply(new TranscriptHandoff.Options(nodeId, maxBatch, claimMinIdle, claimEvery));
        this.metrics = new WriterMetrics(registry);
        this.store = new TranscriptStore(dataSource, inserter, this::relocated);
        this.sqlRetry = new RetryState("PostgreSQL (transcript writer)", metrics.postgresErrors, 100, 2_000);
        this.redisRetry = new RetryState("Redis (transcript writer)", metrics.redisErrors, 100, 2_000);
        this.thread = new Thread(this::run, "transcript-writer-" + nodeId);
        this.thread.setDaemon(true);
    }

    /**
     * Puts a conversation's Redis log on a new epoch once its messages were stored under new seqs (Redis had given
     * a seq twice; see {@link SeqCollisions}).
     */
    @FunctionalInterface
    public interface Reseat {
        /**
         * Called on the writer thread, must not block. Completes with true when done (or not needed), false when
         * the conversation has moved past {@code redisSeq}: it is tried again after the next batch that has some of
         * its messages.
         */
        CompletableFuture<Boolean> reseat(String conversationId, long redisSeq);
    }

    /** Sets what follows a relocation (the default does nothing); call before {@link #start}. */
    public TranscriptWriter reseatWith(Reseat r) {
        this.reseat = Objects.requireNonNull(r, "r");
        return this;
    }

    /** Starts the writer thread; it creates the consumer group if needed and retries while Redis is down. */
    public TranscriptWriter start() {
        thread.start();
        LOG.info("Transcript writer {} started (batches of up to {})", nodeId, maxBatch);
        return this;
    }

    private void run() {
        while (stopped.getCount() > 0) {
            try {
                step();
            } catch (RuntimeException e) {
                // SQL failures are handled inside flush(); what reaches here is the hand-off failing (Redis down)
                stream.reset();
                pause(redisRetry.failed(e));
            }
        }
    }

    /** One turn: read a batch if none is in hand, store it unless already committed, then acknowledge it. */
    private void step() {
        if (batch.isEmpty()) {
            batch = TranscriptBatch.of(stream.fetch(), metrics);
            committed = false;
            redisRetry.succeeded();
            if (batch.isEmpty()) {
                return;
            }
        }
        if (!committed) {
            committed = flush();
            if (!committed) {
                return; // kept in hand (and pending in Redis): the same batch is retried after the back-off
            }
        }
        stream.acknowledge(batch.read());
        redisRetry.succeeded();
        settle();
        boolean full = batch.read().size() >= maxBatch;
        batch = TranscriptBatch.EMPTY;
        if (!full) {
            pause(LINGER_MILLIS);
        }
    }

    /** Stores the batch in hand; true once committed, false after a failure (already counted and waited out). */
    private boolean flush() {
        if (batch.entries().isEmpty()) {
            return true;
        }
        long t0 = System.nanoTime();
        try {
            int rows = store.write(batch.entries());
            metrics.flushed(batch.entries().size(), rows, System.nanoTime() - t0);
            sqlRetry.succeeded();
            return true;
        } catch (SQLException e) {
            if (TranscriptStore.isDataError(e)) {
                metrics.postgresErrors.increment();
                LOG.warn("PostgreSQL refused a batch of {} as bad data ({}); storing its entries one by one",
                        batch.entries().size(), e.toString());
                return isolateRefused();
            }
            pause(sqlRetry.failed(e));
            return false;
        }
    }

    /** After the commit (writer thread): remembers a conversation whose messages took new seqs. */
    private void relocated(SeqCollisions.Relocated r) {
        metrics.relocated.increment(r.moved());
        if (unsettled.size() >= MAX_UNSETTLED) {
            LOG.error("{} conversations await a new epoch; conversation {} will not get one", MAX_UNSETTLED,
                    r.conversationId());
            return;
        }
        unsettled.merge(r.conversationId(), r.redisSeq(), Math::max);
    }

    /**
     * Tries the new epoch of each unsettled conversation that this batch stored messages of, with the highest seq
     * stored: Redis takes it only once nothing it accepted for the conversation is still on its way here.
     */
    private void settle() {
        if (unsettled.isEmpty()) {
            return;
        }
        Set<String> touched = new HashSet<>();
        for (TranscriptEntry e : batch.entries()) {
            if (unsettled.computeIfPresent(e.conversationId(), (k, seq) -> Math.max(seq, e.seq())) != null) {
                touched.add(e.conversationId());
            }
        }
        for (String conversationId : touched) {
            Long seq = unsettled.get(conversationId);
            if (seq != null && reseating.add(conversationId)) {
                reseat.reseat(conversationId, seq).whenComplete((done, error) -> {
                    reseating.remove(conversationId);
                    if (error != null) {
                        LOG.warn("conversation {}: no new epoch yet ({}); tried again after its next messages",
                                conversationId, error.toString());
                    } else if (done) {
                        unsettled.remove(conversationId, seq);
                    }
                });
            }
        }
    }

    /** PostgreSQL refused the data itself: store entry by entry, and drop (log and count) only the refused ones. */
    private boolean isolateRefused() {
        try {
            List<TranscriptEntry> refused = store.writeEach(batch.entries());
            for (TranscriptEntry e : refused) {
                LOG.error("PostgreSQL refused transcript entry {} (conversation {}, seq {}); dropping it",
                        e.streamId(), e.conversationId(), e.seq());
                metrics.rejected.increment();
            }
            metrics.rows.increment(batch.entries().size() - refused.size());
            sqlRetry.succeeded();
            return true;
        } catch (SQLException e) {
            pause(sqlRetry.failed(e));
            return false;
        }
    }

    private void pause(long millis) {
        try {
            stopped.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped.countDown();
        }
    }

    /** Entries pending in the writers' group (delivered, not yet acknowledged), from XPENDING; for tests. */
    public long pendingCount() {
        return stream.pending();
    }

    /** Stops the loop, waits for the thread (an unacknowledged batch stays pending) and closes its connection. */
    @Override
    public void close() {
        stopped.countDown();
        try {
            thread.join(10_000);
            if (thread.isAlive()) {
                LOG.warn("Transcript writer {} did not stop within 10 s; interrupting it", nodeId);
                thread.interrupt();
                thread.join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            stream.close();
        }
        LOG.info("Transcript writer {} stopped", nodeId);
    }
}
