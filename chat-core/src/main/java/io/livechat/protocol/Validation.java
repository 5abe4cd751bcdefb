package io.livechat.protocol;

import java.util.regex.Pattern;

/** Checks of client-supplied values shared by both tiers. */
public final class Validation {

    private static final Pattern CLIENT_MSG_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Validation() {
    }

    public static String clientMsgId(String id) {
        if (id == null || !CLIENT_MSG_ID.matcher(id).matches()) {
            throw new ChatException(ErrorCode.BAD_CLIENT_MSG_ID);
        }
        return id;
    }

    public static String text(String text, int maxChars) {
        if (text == null || text.isBlank()) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "text must not be empty");
        }
        if (text.codePointCount(0, text.length()) > maxChars) {
            throw new ChatException(ErrorCode.MESSAGE_TOO_LARGE, "text longer than " + maxChars + " characters");
        }
        return text;
    }

    /** A receipt state: {@code delivered} or {@code read}. */
    public static String receiptState(String state) {
        if (!"delivered".equals(state) && !"read".equals(state)) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "state must be 'delivered' or 'read'");
        }
        return state;
    }

    /** A satisfaction score, 0 to 10. */
    public static int score(com.fasterxml.jackson.databind.JsonNode score) {
        if (score == null || !score.canConvertToInt() || !score.isIntegralNumber() || score.asInt() < 0
                || score.asInt() > 10) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "score must be a whole number from 0 to 10");
        }
        return score.asInt();
    }

    /** Parses a non-negative cursor parameter; absent means 0. */
    public static long cursor(String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            long v = Long.parseLong(value);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the refusal below
        }
        throw new ChatException(ErrorCode.BAD_REQUEST, "after must be a non-negative whole number");
    }
}
