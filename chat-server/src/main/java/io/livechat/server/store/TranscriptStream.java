package io.livechat.server.store;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.livechat.store.RedisKeys;

/**
 * The transcript writer's side of the Redis stream: one consumer of the writers' group, with its own connection,
 * that reads its own pending entries first, then new ones, claims entries abandoned by dead writers, and
 * acknowledges and deletes what was stored.
 *
 * <p>Used only by the writer's thread (blocking sync calls); every method may throw a Lettuce
 * {@link io.lettuce.core.RedisException}, after which the caller calls {@link #reset()} and retries.
 */
final class TranscriptStream implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TranscriptStream.class);

    static final Duration BLOCK = Duration.ofMillis(100);
    private static final String STREAM = RedisKeys.TRANSCRIPT_STREAM;
    private static final String GROUP = RedisKeys.TRANSCRIPT_GROUP;

    private final RedisClient client;
    private final Consumer<String> consumer;
    private final int maxBatch;
    private final Duration claimMinIdle;
    private final long claimEveryNanos;

    private StatefulRedisConnection<String, String> connection;
    private boolean groupReady;
    private boolean readOwnPending = true;
    private String claimCursor = "0-0";
    private long nextClaimNanos = System.nanoTime();

    TranscriptStream(RedisClient client, String nodeId, int maxBatch, Duration claimMinIdle, Duration claimEvery) {
        this.client = client;
        this.consumer = Consumer.from(GROUP, nodeId);
        this.maxBatch = maxBatch;
        this.claimMinIdle = claimMinIdle;
        this.claimEveryNanos = claimEvery.toNanos();
    }

    /** After a Redis failure: the group may be gone (FLUSHALL, a fresh Redis), and our pending list is re-read. */
    void reset() {
        groupReady = false;
        readOwnPending = true;
    }

    /** Up to maxBatch entries: this consumer's unacknowledged ones first, else new ones (waits up to 100 ms). */
    @SuppressWarnings("unchecked") // Lettuce's varargs of generic StreamOffset; one offset is passed, nothing unsafe
    List<StreamMessage<String, String>> fetch() {
        RedisCommands<String, String> redis = redis();
        maybeClaim(redis);
        if (readOwnPending) {
            // Delivered to this consumer but never acknowledged: a previous run crashed, or we claimed them.
            List<StreamMessage<String, String>> own = redis.xreadgroup(consumer, XReadArgs.Builder.count(maxBatch),
                    StreamOffset.from(STREAM, "0"));
            if (!own.isEmpty()) {
                return own;
            }
            readOwnPending = false;
        }
        return redis.xreadgroup(consumer, XReadArgs.Builder.count(maxBatch).block(BLOCK),
                StreamOffset.lastConsumed(STREAM));
    }

    /** Acknowledges and deletes stored entries; called only after their PostgreSQL commit. */
    void acknowledge(String[] ids) {
        RedisCommands<String, String> redis = redis();
        redis.xack(STREAM, GROUP, ids);
        // Deleted after the ack: a crash in between leaves an acknowledged entry behind, harmless and never re-read.
        redis.xdel(STREAM, ids);
    }

    private void maybeClaim(RedisCommands<String, String> redis) {
        if (System.nanoTime() - nextClaimNanos < 0) {
            return;
        }
        nextClaimNanos = System.nanoTime() + claimEveryNanos;
        var claimed = redis.xautoclaim(STREAM,
                XAutoClaimArgs.Builder.xautoclaim(consumer, claimMinIdle, claimCursor).count(maxBatch));
        claimCursor = claimed.getId();
        if (!claimed.getMessages().isEmpty()) {
            LOG.info("Claimed {} transcript entries idle for over {} from other writers",
                    claimed.getMessages().size(), claimMinIdle);
            readOwnPending = true; // they are in our pending list now; the next read takes them from there
        }
    }

    private RedisCommands<String, String> redis() {
        if (connection == null) {
            connection = client.connect();
            // Bounded, so that close() is never stuck behind a command queued while Redis is away.
            connection.setTimeout(Duration.ofSeconds(5));
        }
        RedisCommands<String, String> redis = connection.sync();
        if (!groupReady) {
            try {
                redis.xgroupCreate(StreamOffset.from(STREAM, "0"), GROUP, XGroupCreateArgs.Builder.mkstream());
                LOG.info("Created consumer group {} on {}", GROUP, STREAM);
            } catch (RedisBusyException e) {
                LOG.debug("Consumer group {} exists", GROUP);
            }
            groupReady = true;
        }
        return redis;
    }

    /** XPENDING summary count of the whole group, on a short-lived connection of its own (any thread). */
    long pendingCount() {
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return c.sync().xpending(STREAM, GROUP).getCount();
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
