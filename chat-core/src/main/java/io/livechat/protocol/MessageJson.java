package io.livechat.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON form of a sequenced message event.
 *
 * <p>The sequence number is only known inside Redis when the message is accepted, so the event is prepared as
 * a prefix and a suffix that the accept script joins around the number: the stored, published and delivered
 * bytes are then the same string, serialised once.
 */
public final class MessageJson {

    private MessageJson() {
    }

    /** Everything before the seq value: {@code {"type":"message",…,"seq":}. */
    public static String prefix(String conversationId) {
        return "{\"type\":\"message\",\"conversationId\":" + quote(conversationId) + ",\"seq\":";
    }

    /** Everything after the seq value. */
    public static String suffix(String clientMsgId, String from, String senderId, String senderName, String text,
                                long ts) {
        return suffix(clientMsgId, from, senderId, senderName, text, null, ts);
    }

    /** As above, with an {@code event} marker ({@code closed}, {@code rating}) when not null; ts stays last. */
    public static String suffix(String clientMsgId, String from, String senderId, String senderName, String text,
                                String event, long ts) {
        return ",\"clientMsgId\":" + quote(clientMsgId) + ",\"from\":" + quote(from)
                + ",\"senderId\":" + quote(senderId) + ",\"senderName\":" + quote(senderName)
                + ",\"text\":" + quote(text) + (event == null ? "" : ",\"event\":" + quote(event))
                + ",\"ts\":" + ts + "}";
    }

    public static String of(ChatMessage m) {
        return prefix(m.conversationId()) + m.seq()
                + suffix(m.clientMsgId(), m.from(), m.senderId(), m.senderName(), m.text(), m.ts());
    }

    /** As {@link #of(ChatMessage)}, with an {@code event} marker ({@code closed}, {@code rating}) when not null. */
    public static String of(ChatMessage m, String event) {
        return prefix(m.conversationId()) + m.seq()
                + suffix(m.clientMsgId(), m.from(), m.senderId(), m.senderName(), m.text(), event, m.ts());
    }

    public static ChatMessage parse(String json) {
        ObjectNode n = Json.parseObject(json);
        return new ChatMessage(n.path("conversationId").asText(), n.path("seq").asLong(),
                n.path("clientMsgId").asText(), n.path("from").asText(), n.path("senderId").asText(),
                n.path("senderName").asText(), n.path("text").asText(), n.path("ts").asLong());
    }

    /** The acceptance time of a stored event, read from its tail without a full parse. */
    public static long tsOf(String json) {
        int i = json.lastIndexOf("\"ts\":");
        long v = 0;
        for (i += 5; i > 4 && i < json.length() && Character.isDigit(json.charAt(i)); i++) {
            v = v * 10 + (json.charAt(i) - '0');
        }
        return v;
    }

    private static String quote(String s) {
        return Json.write(s == null ? "" : s);
    }
}
