package io.livechat.server.privacy;

import io.livechat.server.store.Database;
import io.livechat.server.store.ErasureRepository;
import io.livechat.server.store.ErasureRepository.Erased;
import io.livechat.server.store.ErasureRepository.ErasedConversation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The retention purge: conversations (with their messages) whose last activity is older than the retention period
 * are erased from PostgreSQL in short batches, then from Redis, as an erasure is; each run also finishes the Redis
 * side of earlier erasures that failed there. Runs on the JDBC executor, one run at a time; a failed run is logged
 * and counted, and whatever it left is taken up by the next one (nothing is marked done before it is).
 */
public final class RetentionJob {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
    /** Conversations per transaction: short transactions, so the purge never holds the tables long. */
    static final int BATCH = 100;
    /** Batches per run, so one run of a large backlog leaves room on the JDBC executor for the desks. */
    static final int MAX_BATCHES = 50;
    static final long STORE_TIMEOUT_SECONDS = 10;

    private final Database db;
    private final ErasureRepository erasures;
    private final Function<List<ErasedConversation>, CompletableFuture<Void>> clearRedis;
    private final int retentionDays;
    private final Counter purged;
    private final Consumer<Throwable> onFailure;
    private final AtomicBoolean running = new AtomicBoolean();

    /**
     * @param clearRedis    clears the Redis side of erased conversations (see {@link VisitorErasure#clearRedis});
     *                      they are recorded as cleared here once it succeeded
     * @param retentionDays the retention period; 0 keeps transcripts forever (only the Redis sweep runs)
     * @param onFailure     told of a failed run (counted as a timer failure by the caller)
     */
    public RetentionJob(Database db, ErasureRepository erasures,
                        Function<List<ErasedConversation>, CompletableFuture<Void>> clearRedis, int retentionDays,
                        MeterRegistry registry, Consumer<Throwable> onFailure) {
        this.db = db;
        this.erasures = erasures;
        this.clearRedis = clearRedis;
        this.retentionDays = retentionDays;
        this.onFailure = onFailure;
        this.purged = Counter.builder("chat.retention.purged.conversations")
                .description("Conversations erased because their last activity was older than the retention period")
                .register(registry);
    }

    /** The timer's tick (any thread): starts a run on the JDBC executor unless one is still going. */
    public void tick() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        runOnce().whenComplete((n, error) -> {
            running.set(false);
            if (error != null) {
                LOG.warn("retention run failed; the next run takes it up: {}", error.toString());
                onFailure.accept(error);
            }
        });
    }

    /** One run; completes with the number of conversations it purged. */
    public CompletableFuture<Integer> runOnce() {
        return db.submitCall(this::run);
    }

    private int run() throws java.sql.SQLException {
        List<ErasedConversation> left = erasures.uncleared(BATCH * MAX_BATCHES);
        if (!left.isEmpty()) {
            LOG.info("finishing the Redis side of {} erased conversations", left.size());
            clear(left);
        }
        if (retentionDays <= 0) {
            return 0;
        }
        int total = 0;
        for (int i = 0; i < MAX_BATCHES; i++) {
            Erased batch = erasures.purgeExpired(retentionDays, BATCH);
            int n = batch.conversations().size();
            purged.increment(n);
            total += n;
            if (n > 0) {
                clear(batch.conversations());
            }
            if (n < BATCH) {
                break;
            }
        }
        if (total > 0) {
            LOG.info("retention: purged {} conversations older than {} days", total, retentionDays);
        }
        return total;
    }

    /** Blocks this JDBC thread on Redis (bounded): not an event loop, and one run at a time. */
    private void clear(List<ErasedConversation> erased) throws java.sql.SQLException {
        try {
            clearRedis.apply(erased).get(STORE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while clearing Redis", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Redis side of the erasure failed; the next run retries it", e);
        }
        erasures.cleared(erased.stream().map(ErasedConversation::conversationId).toList());
    }
}
