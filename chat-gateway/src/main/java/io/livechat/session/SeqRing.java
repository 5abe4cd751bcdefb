package io.livechat.session;

import io.livechat.store.SeqEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * The newest events of one conversation, contiguous by seq, in a fixed ring; not thread-safe (its owner locks).
 */
final class SeqRing {

    private final int capacity;
    private SeqEvent[] slots; // allocated with the first event: most idle sessions never get one
    private long first = 1;
    private long last;

    SeqRing(int capacity) {
        this.capacity = capacity;
    }

    /** Starts over at {@code lastSeq}, with nothing buffered. */
    void reset(long lastSeq) {
        last = lastSeq;
        first = lastSeq + 1;
    }

    long last() {
        return last;
    }

    /** The oldest seq still held. */
    long first() {
        return Math.max(first, last - capacity + 1);
    }

    /** Appends the next event; its seq must be {@code last() + 1}. */
    void append(SeqEvent e) {
        if (e.seq() != last + 1) {
            throw new IllegalArgumentException("expected seq " + (last + 1) + ", got " + e.seq());
        }
        if (slots == null) {
            slots = new SeqEvent[capacity];
        }
        slots[(int) (e.seq() & (capacity - 1))] = e;
        last = e.seq();
    }

    /** Events in {@code (after, min(last, after + max)]}; caller checks {@code after + 1 >= first()}. */
    List<SeqEvent> after(long after, int max) {
        long end = Math.min(last, after + max);
        List<SeqEvent> out = new ArrayList<>((int) Math.max(0, end - after));
        for (long s = after + 1; s <= end; s++) {
            out.add(slots[(int) (s & (capacity - 1))]);
        }
        return out;
    }
}
