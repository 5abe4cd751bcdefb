package io.livechat.delivery;

import io.livechat.store.SeqEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * The newest events of one conversation, contiguous by seq, in a fixed ring. One thread writes (the feed's owner
 * event loop); any thread reads. A writer stores the slot before the volatile {@code last}, so a reader that sees
 * {@code last} sees every slot up to it; a slot overwritten since (the ring wrapped) shows another seq, which the
 * reader takes as "older than memory" rather than handing out a wrong event.
 */
final class SeqRing {

    private final int mask;
    private SeqEvent[] slots; // allocated with the first event: most idle sessions never get one
    private volatile long first = 1;
    private volatile long last;

    SeqRing(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, got " + capacity);
        }
        this.mask = capacity - 1;
    }

    /** Starts over at {@code lastSeq} with nothing buffered; writer only. */
    void reset(long lastSeq) {
        first = lastSeq + 1; // before last: a reader that sees the new last sees the new first
        last = lastSeq;
    }

    long last() {
        return last;
    }

    /** Whether memory holds no event at all (nothing appended since the last reset). */
    boolean isEmpty() {
        return last < first;
    }

    /** Appends the next event; its seq must be {@code last() + 1}. Writer only. */
    void append(SeqEvent e) {
        if (e.seq() != last + 1) {
            throw new IllegalArgumentException("expected seq " + (last + 1) + ", got " + e.seq());
        }
        if (slots == null) {
            slots = new SeqEvent[mask + 1];
        }
        slots[(int) (e.seq() & mask)] = e;
        last = e.seq();
    }

    /** Up to {@code max} events after {@code cursor}, or the range to read from the log first; any thread. */
    EventBatch after(long cursor, int max) {
        long l = last;
        if (cursor >= l) {
            return EventBatch.EMPTY;
        }
        long lo = Math.max(first, l - mask);
        if (cursor + 1 < lo) {
            return EventBatch.fetch(lo - 1);
        }
        SeqEvent[] s = slots;
        long end = Math.min(l, cursor + max);
        List<SeqEvent> out = new ArrayList<>((int) (end - cursor));
        for (long seq = cursor + 1; seq <= end; seq++) {
            SeqEvent e = s == null ? null : s[(int) (seq & mask)];
            if (e == null || e.seq() != seq) {
                // overwritten by newer events since last was read: serve what came before, the log has the rest
                return out.isEmpty() ? EventBatch.fetch(end) : new EventBatch(out, 0);
            }
            out.add(e);
        }
        return new EventBatch(out, 0);
    }
}
