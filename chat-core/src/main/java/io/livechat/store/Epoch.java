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

    private Epoch() {
    }

    /** A new epoch: 8 characters of URL-safe base64 (48 random bits). */
    public static String create() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
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
