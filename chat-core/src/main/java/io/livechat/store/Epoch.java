package io.livechat.store;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The epoch of a conversation's log: a short random string created with the log. A log that Redis lost and that
 * was restored from PostgreSQL gets a new one, so that a client holding a cursor of the old log learns that its
 * cursor belongs to a log that is gone (the offset-and-epoch idea of Centrifugo's stream positions).
 */
public final class Epoch {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final int BYTES = 6;
    /** {@link #pack}'s value for no epoch (a log written before epochs existed). */
    public static final long NONE = -1;
    /** {@link #pack}'s value for a string that is not an epoch of {@link #create}. */
    public static final long NOT_PACKABLE = -2;

    private Epoch() {
    }

    /** A new epoch: 8 characters of URL-safe base64 (48 random bits). */
    public static String create() {
        byte[] b = new byte[BYTES];
        RANDOM.nextBytes(b);
        return ENCODER.encodeToString(b);
    }

    /**
     * The epoch in a long, for what keeps one per session (tens of thousands per node: 8 bytes instead of a
     * 48-byte String): its 48 bits, {@link #NONE} for none, {@link #NOT_PACKABLE} for anything else.
     */
    public static long pack(String epoch) {
        if (epoch == null || epoch.isEmpty()) {
            return NONE;
        }
        if (epoch.length() != 8) {
            return NOT_PACKABLE;
        }
        byte[] b;
        try {
            b = Base64.getUrlDecoder().decode(epoch);
        } catch (IllegalArgumentException e) {
            return NOT_PACKABLE;
        }
        long bits = 0;
        for (byte x : b) {
            bits = bits << 8 | (x & 0xff);
        }
        return bits;
    }

    /** The epoch a {@link #pack} value of an epoch stands for; "" for {@link #NONE}. */
    public static String unpack(long packed) {
        if (packed < 0) {
            return "";
        }
        byte[] b = new byte[BYTES];
        for (int i = BYTES - 1; i >= 0; i--) {
            b[i] = (byte) (packed >>> (8 * (BYTES - 1 - i)));
        }
        return ENCODER.encodeToString(b);
    }

    /**
     * Whether a client that resumes with {@code clientEpoch} follows an older log than {@code current}: only when
     * both are known and differ (a client that sends none resumes as before).
     */
    public static boolean isStale(String clientEpoch, String current) {
        return clientEpoch != null && !clientEpoch.isEmpty() && current != null && !current.isEmpty()
                && !clientEpoch.equals(current);
    }
}
