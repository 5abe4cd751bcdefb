package io.livechat.store.redis;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.protocol.Json;
import io.livechat.store.TranscriptHandoff;

import java.util.HashMap;
import java.util.Map;

/**
 * The compact form of a transcript hand-off entry that the accept script writes: two fields, the message's event
 * as clients get it ({@value #EVENT}: its conversation, seq, client id, sender, text and time) and the routing it
 * does not hold ({@value #ROUTE}: site, visitor and agent, newline-separated). Two fields instead of eleven make the
 * {@code XADD} inside every accept cheaper for Redis; the writer expands them here, on its own thread, into the
 * {@link TranscriptHandoff} field names. Entries written in the older eleven-field form pass through unchanged.
 */
final class HandoffEntry {

    static final String EVENT = "e";
    static final String ROUTE = "r";

    private HandoffEntry() {
    }

    /** The hand-off fields of a stream entry's body, in either form; what cannot be parsed is left out. */
    static Map<String, String> fields(Map<String, String> body) {
        String event = body.get(EVENT);
        if (event == null) {
            return body;
        }
        Map<String, String> f = new HashMap<>();
        try {
            JsonNode e = Json.MAPPER.readTree(event);
            put(f, TranscriptHandoff.F_CONV, e.path("conversationId"));
            put(f, TranscriptHandoff.F_SEQ, e.path("seq"));
            put(f, TranscriptHandoff.F_CLIENT_MSG_ID, e.path("clientMsgId"));
            put(f, TranscriptHandoff.F_FROM, e.path("from"));
            put(f, TranscriptHandoff.F_SENDER_ID, e.path("senderId"));
            put(f, TranscriptHandoff.F_SENDER_NAME, e.path("senderName"));
            put(f, TranscriptHandoff.F_TEXT, e.path("text"));
            put(f, TranscriptHandoff.F_TS, e.path("ts"));
        } catch (Exception ex) {
            // malformed: the writer finds the fields missing, logs the entry and drops it (it can never be stored)
        }
        String[] route = body.getOrDefault(ROUTE, "").split("\n", -1);
        f.put(TranscriptHandoff.F_SITE, route.length > 0 ? route[0] : "");
        f.put(TranscriptHandoff.F_VISITOR, route.length > 1 ? route[1] : "");
        f.put(TranscriptHandoff.F_AGENT, route.length > 2 ? route[2] : "");
        return f;
    }

    private static void put(Map<String, String> f, String name, JsonNode value) {
        if (!value.isMissingNode() && !value.isNull()) {
            f.put(name, value.asText());
        }
    }
}
