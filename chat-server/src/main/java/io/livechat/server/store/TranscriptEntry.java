package io.livechat.server.store;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.livechat.store.TranscriptHandoff;

/**
 * One message read from the transcript stream ({@link TranscriptHandoff}), ready to be stored.
 *
 * @param streamId       the stream entry id, acknowledged once the message is committed
 * @param conversationId the conversation
 * @param seq            per-conversation sequence number, 1 or more
 * @param clientMsgId    the sender's idempotency key
 * @param from           {@code visitor}, {@code agent} or {@code system}
 * @param senderId       visitor session id or agent id, may be empty
 * @param senderName     display name, may be empty
 * @param text           the message text
 * @param ts             acceptance time, epoch milliseconds
 * @param siteKey        the conversation's site
 * @param visitorId      the conversation's visitor session id
 * @param agentId        the assigned agent, or null when none is (yet)
 */
public record TranscriptEntry(String streamId, String conversationId, long seq, String clientMsgId, String from,
                              String senderId, String senderName, String text, long ts, String siteKey,
                              String visitorId, Long agentId) {

    private static final Logger LOG = LoggerFactory.getLogger(TranscriptEntry.class);

    /**
     * Parses one stream entry's fields.
     *
     * @throws IllegalArgumentException when a required field is missing or not a number; such an entry can never
     *                                  be stored, so the writer drops it rather than retrying it for ever
     */
    public static TranscriptEntry fromStream(String streamId, Map<String, String> f) {
        long seq = number(f, TranscriptHandoff.F_SEQ);
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1 but was " + seq);
        }
        return new TranscriptEntry(streamId, required(f, TranscriptHandoff.F_CONV), seq,
                required(f, TranscriptHandoff.F_CLIENT_MSG_ID), required(f, TranscriptHandoff.F_FROM),
                optional(f, TranscriptHandoff.F_SENDER_ID), optional(f, TranscriptHandoff.F_SENDER_NAME),
                clean(f.get(TranscriptHandoff.F_TEXT), TranscriptHandoff.F_TEXT), number(f, TranscriptHandoff.F_TS),
                required(f, TranscriptHandoff.F_SITE), required(f, TranscriptHandoff.F_VISITOR),
                agent(f.get(TranscriptHandoff.F_AGENT)));
    }

    /** The same message under another seq (stored after the conversation's highest; see SeqCollisions). */
    public TranscriptEntry withSeq(long newSeq) {
        return new TranscriptEntry(streamId, conversationId, newSeq, clientMsgId, from, senderId, senderName, text,
                ts, siteKey, visitorId, agentId);
    }

    private static String required(Map<String, String> f, String name) {
        String value = clean(f.get(name), name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("field " + name + " is empty");
        }
        return value;
    }

    private static String optional(Map<String, String> f, String name) {
        String value = f.get(name);
        return value == null ? "" : clean(value, name);
    }

    /** PostgreSQL text cannot hold NUL; storing U+FFFD beats rejecting an acknowledged message. */
    private static String clean(String value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("field " + name + " is missing");
        }
        return value.indexOf('\u0000') < 0 ? value : value.replace('\u0000', '\uFFFD');
    }

    private static long number(Map<String, String> f, String name) {
        String value = f.get(name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field " + name + " is not a number: " + value);
        }
    }

    /** Agent ids are PostgreSQL ids; anything else (empty: not assigned yet) is stored as no agent. */
    private static Long agent(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            LOG.debug("Ignoring non-numeric agent id {}", value);
            return null;
        }
    }
}
