package io.livechat.store.redis;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.livechat.store.TranscriptHandoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link TranscriptHandoff} on Redis streams, one per shard (see {@link RedisKeys}), read by the consumer group of
 * the transcript writers: this writer's pending entries first, then new ones; entries abandoned by dead writers
 * are claimed; stored entries are acknowledged and deleted. The stream of versions before the shards is drained
 * too while it exists.
 *
 * <p>On one Redis all streams are read in one blocking call; on a cluster, where one command may only touch one
 * slot, each stream is read on its own and the last read waits briefly when all were empty.
 */
public final class RedisTranscriptHandoff implements TranscriptHandoff {

    private static final Logger LOG = LoggerFactory.getLogger(RedisTranscriptHandoff.class);
    private static final Duration BLOCK = Duration.ofMillis(100);
    private static final String GROUP = RedisKeys.TRANSCRIPT_GROUP;

    private final RedisBackend backend;
    private final RedisKeys keys;
    private final Consumer<String> consumer;
    private final Options options;
    private final long claimEveryNanos;

    private RedisBackend.SyncConnection connection;
    private List<String> streams = List.of();
    private boolean groupsReady;
    private boolean readOwnPending = true;
    private final Map<String, String> claimCursors = new LinkedHashMap<>();
    private long nextClaimNanos = System.nanoTime();
    private int rotate;

    public RedisTranscriptHandoff(RedisBackend backend, RedisKeys keys, Options options) {
        this.backend = backend;
        this.keys = keys;
        this.options = options;
        this.consumer = Consumer.from(GROUP, options.writerId());
        this.claimEveryNanos = options.claimEvery().toNanos();
    }

    @Override
    public void reset() {
        groupsReady = false;
        readOwnPending = true;
    }

    @Override
    @SuppressWarnings("unchecked") // Lettuce's varargs of generic StreamOffset; nothing unsafe
    public List<Entry> fetch() {
        RedisClusterCommands<String, String> redis = redis();
        maybeClaim(redis);
        List<Entry> out = new ArrayList<>();
        if (readOwnPending) {
            // delivered to this writer but never acknowledged: a previous run crashed, or we claimed them
            for (String stream : streams) {
                add(out, redis.xreadgroup(consumer, XReadArgs.Builder.count(room(out)),
                        StreamOffset.from(stream, "0")));
                if (room(out) == 0) {
                    return out;
                }
            }
            if (!out.isEmpty()) {
                return out;
            }
            readOwnPending = false;
        }
        if (!backend.cluster()) {
            StreamOffset<String>[] offsets = streams.stream().map(StreamOffset::lastConsumed)
                    .toArray(StreamOffset[]::new);
            return keepWithinBatch(out, redis.xreadgroup(consumer,
                    XReadArgs.Builder.count(options.maxBatch()).block(BLOCK), offsets));
        }
        for (int i = 0; i < streams.size() && room(out) > 0; i++) {
            String stream = streams.get((rotate + i) % streams.size());
            add(out, redis.xreadgroup(consumer, XReadArgs.Builder.count(room(out)),
                    StreamOffset.lastConsumed(stream)));
        }
        rotate++;
        if (out.isEmpty()) {
            add(out, redis.xreadgroup(consumer, XReadArgs.Builder.count(options.maxBatch()).block(BLOCK),
                    StreamOffset.lastConsumed(streams.get(rotate % streams.size()))));
        }
        return out;
    }

    /** One call over many streams may return up to the count from each: the rest stay pending for the next fetch. */
    private List<Entry> keepWithinBatch(List<Entry> out, List<StreamMessage<String, String>> read) {
        add(out, read);
        if (out.size() > options.maxBatch()) {
            readOwnPending = true;
            return new ArrayList<>(out.subList(0, options.maxBatch()));
        }
        return out;
    }

    private int room(List<Entry> out) {
        return Math.max(0, options.maxBatch() - out.size());
    }

    private static void add(List<Entry> out, List<StreamMessage<String, String>> read) {
        for (StreamMessage<String, String> m : read) {
            out.add(new Entry(m.getStream(), m.getId(),
                    m.getBody() == null ? Map.of() : HandoffEntry.fields(m.getBody())));
        }
    }

    @Override
    public void acknowledge(List<Entry> entries) {
        RedisClusterCommands<String, String> redis = redis();
        Map<String, List<String>> byStream = new LinkedHashMap<>();
        entries.forEach(e -> byStream.computeIfAbsent(e.shard(), s -> new ArrayList<>()).add(e.id()));
        byStream.forEach((stream, ids) -> {
            String[] idArray = ids.toArray(String[]::new);
            redis.xack(stream, GROUP, idArray);
            // deleted after the ack: a crash in between leaves an acknowledged entry behind, harmless, never re-read
            redis.xdel(stream, idArray);
        });
    }

    private void maybeClaim(RedisClusterCommands<String, String> redis) {
        if (System.nanoTime() - nextClaimNanos < 0) {
            return;
        }
        nextClaimNanos = System.nanoTime() + claimEveryNanos;
        for (String stream : streams) {
            var claimed = redis.xautoclaim(stream, XAutoClaimArgs.Builder.xautoclaim(consumer,
                    options.claimMinIdle(), claimCursors.getOrDefault(stream, "0-0")).count(options.maxBatch()));
            claimCursors.put(stream, claimed.getId());
            if (!claimed.getMessages().isEmpty()) {
                LOG.info("Claimed {} transcript entries of {} idle for over {} from other writers",
                        claimed.getMessages().size(), stream, options.claimMinIdle());
                readOwnPending = true; // they are in our pending list now; the next read takes them from there
            }
        }
    }

    private RedisClusterCommands<String, String> redis() {
        if (connection == null) {
            connection = backend.newSync(Duration.ofSeconds(5));
        }
        RedisClusterCommands<String, String> redis = connection.commands();
        if (!groupsReady) {
            List<String> all = new ArrayList<>();
            for (int shard = 0; shard < keys.shards(); shard++) {
                all.add(keys.transcripts(shard));
            }
            if (redis.exists(RedisKeys.LEGACY_TRANSCRIPT_STREAM) > 0) {
                all.add(RedisKeys.LEGACY_TRANSCRIPT_STREAM);
            }
            all.forEach(stream -> createGroup(redis, stream));
            streams = List.copyOf(all);
            groupsReady = true;
        }
        return redis;
    }

    private static void createGroup(RedisClusterCommands<String, String> redis, String stream) {
        try {
            redis.xgroupCreate(StreamOffset.from(stream, "0"), GROUP, XGroupCreateArgs.Builder.mkstream());
            LOG.info("Created consumer group {} on {}", GROUP, stream);
        } catch (RedisBusyException e) {
            LOG.debug("Consumer group {} exists on {}", GROUP, stream);
        }
    }

    @Override
    public long pending() {
        try (RedisBackend.SyncConnection c = backend.newSync(Duration.ofSeconds(5))) {
            long n = 0;
            for (int shard = 0; shard < keys.shards(); shard++) {
                n += pendingOf(c.commands(), keys.transcripts(shard));
            }
            return n + pendingOf(c.commands(), RedisKeys.LEGACY_TRANSCRIPT_STREAM);
        }
    }

    private static long pendingOf(RedisClusterCommands<String, String> redis, String stream) {
        if (redis.exists(stream) == 0) {
            return 0;
        }
        try {
            return redis.xpending(stream, GROUP).getCount();
        } catch (RuntimeException e) {
            return 0; // no group yet: nothing was handed to a writer
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
