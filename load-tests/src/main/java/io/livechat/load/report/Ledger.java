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

    /** @param capacity the most measured messages a run may send (indexes 0..capacity-1) */
    public Ledger(int capacity) {
        this.capacity = capacity;
        shown = new AtomicLongArray((capacity + 63) / 64);
        echoed = new AtomicLongArray((capacity + 63) / 64);
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

    /** How many of the messages {@code from..to-1} the other party has not been shown. */
    public long missing(long from, long to) {
        long n = 0;
        for (long i = from; i < to; i++) {
            if ((shown.get((int) (i >>> 6)) & (1L << (i & 63))) == 0) {
                n++;
            }
        }
        return n;
    }

    public Recorder corrected() {
        return corrected;
    }

    public Recorder uncorrected() {
        return uncorrected;
    }
}
