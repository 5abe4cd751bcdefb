package io.livechat.load.lb;

/** Reads the numeric {@code seq} out of the server's compact JSON frames (strings: {@code client.FrameScan}). */
final class Frames {

    private Frames() {
    }

    /** The value of the first {@code "seq":<digits>}, or -1. */
    static long seq(String json) {
        int i = json.indexOf("\"seq\":");
        if (i < 0) {
            return -1;
        }
        i += 6;
        long v = 0;
        int start = i;
        while (i < json.length() && Character.isDigit(json.charAt(i))) {
            v = v * 10 + (json.charAt(i++) - '0');
        }
        return i == start ? -1 : v;
    }
}
