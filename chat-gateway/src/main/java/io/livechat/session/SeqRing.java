package io.livechat.session;

import io.livechat.store.SeqEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * The newest events of one conversation, contiguous by seq, in a fixed ring; not thread-safe (its owner locks).
 */
final class SeqRing {

    private final SeqEvent[] slots;
    private final int mask;
    private long first = 1;
    private long last;

    SeqRing(int capacity) {
        slots = new SeqEvent[capacity];
        mask = capacity - 1;
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
        return Math.max(first, last - slots.length + 1);
    }

    /** Appends the next event; its seq must be {@code last() + 1}. */
    void append(SeqEvent e) {
        if (e.seq() != last + 1) {
            throw new IllegalArgumentException("expected seq " + (last + 1) + ", got " + e.seq());
        }
        slots[(int) (e.seq() & mask)] = e;
        last = e.seq();
    }

    /** Events in {@code (after, min(last, after + max)]}; caller checks {@code after + 1 >= first()}. */
    List<SeqEvent> after(long after, int max) {
        long end = Math.min(last, after + max);
        List<SeqEvent> out = new ArrayList<>((int) Math.max(0, end - after));
        for (long s = after + 1; s <= end; s++) {
            out.add(slots[(int) (s & mask)]);
        }
        return out;
    }
}
