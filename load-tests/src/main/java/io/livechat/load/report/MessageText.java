package io.livechat.load.report;

/**
 * The text of a measured message, {@code L<index>.<intendedNanos>.<sentNanos>}: the receiver recovers which
 * message it is and when it was meant to be sent (generator and receiver share one clock, {@link System#nanoTime}).
 */
public final class MessageText {

    public static final char MARK = 'L';

    private MessageText() {
    }

    public static String of(long index, long intendedNanos, long sentNanos) {
        return MARK + Long.toString(index) + '.' + intendedNanos + '.' + sentNanos;
    }

    /** Parses a measured text into {index, intended, sent}; null when it is not one. */
    public static long[] parse(String text) {
        if (text == null || text.isEmpty() || text.charAt(0) != MARK) {
            return null;
        }
        int a = text.indexOf('.', 1);
        int b = a < 0 ? -1 : text.indexOf('.', a + 1);
        if (b < 0) {
            return null;
        }
        try {
            return new long[] {Long.parseLong(text, 1, a, 10), Long.parseLong(text, a + 1, b, 10),
                Long.parseLong(text, b + 1, text.length(), 10)};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
