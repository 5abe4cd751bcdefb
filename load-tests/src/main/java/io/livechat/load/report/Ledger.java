package io.livechat.load.report;

import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What happened to every measured message: sent, acknowledged, shown to the other party (once? late?), and echoed
 * back to its sender; latency goes into two HdrHistogram recorders, one from the intended send time (coordinated
 * omission corrected) and one from the actual send.
 *
 * <p>Thread-safe: every generator event loop reports here.
 */
public final class Ledger {

    /** Latencies are recorded in microseconds up to one minute; longer ones are clamped. */
    public static final long MAX_MICROS = 60_000_000L;

    private final int capacity;
    private final AtomicLongArray shown;
    private final AtomicLongArray echoed;
    private final AtomicLongArray optional;
    private final Recorder corrected = new Recorder(MAX_MICROS, 3);
    private final Recorder uncorrected = new Recorder(MAX_MICROS, 3);
    public final LongAdder sent = new LongAdder();
    public final LongAdder acked = new LongAdder();
    public final LongAdder refused = new LongAdder();
    public final LongAdder delivered = new LongAdder();
    public final LongAdder duplicates = new LongAdder();
    public final LongAdder echoes = new LongAdder();
    public final LongAdder echoDuplicates = new LongAdder();
    public final LongAdder frames = new LongAdder();
    /** Messages to or from a slow consumer (a visitor that stopped reading): not expected, not measured. */
    public final LongAdder excluded = new LongAdder();
    /** Of those, how many arrived at the other party all the same. */
    public final LongAdder excludedDelivered = new LongAdder();

    /** @param capacity the most measured messages a run may send (indexes 0..capacity-1) */
    public Ledger(int capacity) {
        this.capacity = capacity;
        shown = new AtomicLongArray((capacity + 63) / 64);
        echoed = new AtomicLongArray((capacity + 63) / 64);
        optional = new AtomicLongArray((capacity + 63) / 64);
    }

    public int capacity() {
        return capacity;
    }

    /**
     * A message event arrived at a client.
     *
     * @param atVisitor whether a visitor (else an agent desk) received it
     * @param from      the event's {@code from}
     * @param text      the event's text
     */
    public void onMessage(boolean atVisitor, String from, String text) {
        frames.increment();
        long[] m = MessageText.parse(text);
        if (m == null || m[0] < 0 || m[0] >= capacity) {
            return;
        }
        boolean echo = atVisitor == "visitor".equals(from);
        if (echo) {
            echoes.increment();
            if (!mark(echoed, m[0])) {
                echoDuplicates.increment();
            }
            return;
        }
        long now = System.nanoTime();
        if (isSet(optional, m[0])) {
            if (mark(shown, m[0])) {
                excludedDelivered.increment();
            } else {
                duplicates.increment();
            }
            return;
        }
        delivered.increment();
        if (!mark(shown, m[0])) {
            duplicates.increment();
            return;
        }
        corrected.recordValue(clamp((now - m[1]) / 1000));
        uncorrected.recordValue(clamp((now - m[2]) / 1000));
    }

    private static long clamp(long micros) {
        return Math.max(0, Math.min(MAX_MICROS, micros));
    }

    /** Sets bit {@code i}; false when it was set already. */
    private static boolean mark(AtomicLongArray bits, long i) {
        int word = (int) (i >>> 6);
        long bit = 1L << (i & 63);
        while (true) {
            long old = bits.get(word);
            if ((old & bit) != 0) {
                return false;
            }
            if (bits.compareAndSet(word, old, old | bit)) {
                return true;
            }
        }
    }

    /**
     * Message {@code index} is to or from a slow consumer: not missing when it never arrives, not measured when it
     * does (only counted); a second arrival is still a duplicate. Call before sending it.
     */
    public void exclude(long index) {
        if (index >= 0 && index < capacity && mark(optional, index)) {
            excluded.increment();
        }
    }

    /** How many of the messages {@code from..to-1} the other party has not been shown (slow consumers' aside). */
    public long missing(long from, long to) {
        long n = 0;
        for (long i = from; i < to; i++) {
            if (!isSet(shown, i) && !isSet(optional, i)) {
                n++;
            }
        }
        return n;
    }

    /** How many of the slow consumers' messages {@code from..to-1} have not arrived. */
    public long missingExcluded(long from, long to) {
        long n = 0;
        for (long i = from; i < to; i++) {
            if (!isSet(shown, i) && isSet(optional, i)) {
                n++;
            }
        }
        return n;
    }

    private static boolean isSet(AtomicLongArray bits, long i) {
        return (bits.get((int) (i >>> 6)) & (1L << (i & 63))) != 0;
    }

    public Recorder corrected() {
        return corrected;
    }

    public Recorder uncorrected() {
        return uncorrected;
    }
}
