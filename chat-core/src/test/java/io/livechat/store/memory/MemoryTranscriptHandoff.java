package io.livechat.store.memory;

import io.livechat.store.TranscriptHandoff;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link TranscriptHandoff} over {@link MemoryTranscripts}, read as the Redis one reads its streams: this writer's
 * unacknowledged entries first (after a start, a reset or a claim), then new ones; entries idle at another writer
 * for {@link Options#claimMinIdle()} are claimed, looked for every {@link Options#claimEvery()} by the clock.
 */
public final class MemoryTranscriptHandoff implements TranscriptHandoff {

    private static final Duration BLOCK = Duration.ofMillis(100);

    private final MemoryTranscripts transcripts;
    private final Clock clock;
    private final Options options;
    private boolean readOwnPending = true;
    private long nextClaimMillis = Long.MIN_VALUE;

    public MemoryTranscriptHandoff(MemoryTranscripts transcripts, Clock clock, Options options) {
        this.transcripts = transcripts;
        this.clock = clock;
        this.options = options;
    }

    @Override
    public List<Entry> fetch() {
        maybeClaim();
        if (readOwnPending) {
            List<Entry> own = transcripts.ownPending(options.writerId(), options.maxBatch());
            if (!own.isEmpty()) {
                return own;
            }
            readOwnPending = false;
        }
        try {
            return transcripts.next(options.writerId(), options.maxBatch(), BLOCK);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ArrayList<>();
        }
    }

    private void maybeClaim() {
        long now = clock.millis();
        if (now < nextClaimMillis) {
            return;
        }
        nextClaimMillis = now + options.claimEvery().toMillis();
        if (transcripts.claim(options.writerId(), options.claimMinIdle(), options.maxBatch()) > 0) {
            readOwnPending = true;
        }
    }

    @Override
    public void acknowledge(List<Entry> entries) {
        transcripts.acknowledge(entries);
    }

    @Override
    public void reset() {
        readOwnPending = true;
    }

    @Override
    public long pending() {
        return transcripts.pendingCount();
    }

    @Override
    public void close() {
        // nothing held
    }
}
