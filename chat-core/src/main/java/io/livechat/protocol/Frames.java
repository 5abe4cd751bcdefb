package io.livechat.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builders for the JSON frames both tiers send; sequenced message events are built by {@link MessageJson}. */
public final class Frames {

    public static final String PONG = "{\"type\":\"pong\"}";

    private Frames() {
    }

    public static String ack(String clientMsgId, long seq, boolean duplicate, String conversationId) {
        ObjectNode n = Json.object().put("type", "ack").put("clientMsgId", clientMsgId).put("seq", seq)
                .put("duplicate", duplicate);
        if (conversationId != null) {
            n.put("conversationId", conversationId);
        }
        return Json.write(n);
    }

    public static String error(ErrorCode code, String message, String clientMsgId) {
        ObjectNode n = Json.object().put("type", "error").put("code", code.code()).put("message", message);
        if (clientMsgId != null) {
            n.put("clientMsgId", clientMsgId);
        }
        return Json.write(n);
    }

    public static String error(ChatException e, String clientMsgId) {
        return error(e.code(), e.getMessage(), clientMsgId);
    }

    public static String receipt(String conversationId, String from, String state, long seq) {
        return Json.write(Json.object().put("type", "receipt").put("conversationId", conversationId)
                .put("from", from).put("state", state).put("seq", seq));
    }

    public static String typing(String conversationId, String from, boolean typing) {
        return Json.write(Json.object().put("type", "typing").put("conversationId", conversationId)
                .put("from", from).put("typing", typing));
    }

    /**
     * The conversation's log that the client followed is gone (Redis lost it and it was restored from PostgreSQL):
     * the new epoch and its last seq; the client drops what it shows and takes the history that follows.
     */
    public static String reset(String conversationId, String epoch, long seq) {
        return Json.write(Json.object().put("type", "reset").put("conversationId", conversationId)
                .put("epoch", epoch).put("seq", seq));
    }

    /**
     * Events {@code (after, upto]} of the conversation are older than the recoverable log and could not be read from
     * PostgreSQL either: the client fetches them itself later (see docs/PROTOCOL.md, "Beyond the log").
     */
    public static String gap(String conversationId, long after, long upto) {
        return Json.write(Json.object().put("type", "gap").put("conversationId", conversationId)
                .put("after", after).put("upto", upto));
    }
}
