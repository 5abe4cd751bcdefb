package io.livechat.load.client;

import java.util.concurrent.CompletableFuture;

/** A simulated visitor with one session and one conversation, following it over one transport. */
public interface Visitor {

    String conversationId();

    /** Completes once the visitor's connection is up (upgraded, or its first poll is on the wire). */
    CompletableFuture<Void> open();

    /** Sends a chat message; its ack or refusal is counted in the ledger. Never blocks. */
    void send(String clientMsgId, String text);

    void close();

    /** The session a visitor was given by {@code POST /v1/sessions}. */
    record Session(String sid, String token, String conversationId) {
        /** The URL part of a visitor request: the {@code sid} only; the token goes in the Authorization header. */
        public String query() {
            return "sid=" + sid;
        }
    }

    /** Builds a JSON string literal body for our plain texts (ids and measured texts need no escaping). */
    static String sendFrame(String clientMsgId, String text) {
        return "{\"type\":\"send\",\"clientMsgId\":\"" + clientMsgId + "\",\"text\":\"" + text + "\"}";
    }
}
