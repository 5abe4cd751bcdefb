package io.livechat.protocol;

/**
 * One accepted, sequenced chat message: the unit that is logged in Redis, delivered to clients and stored in
 * PostgreSQL.
 *
 * @param conversationId the conversation it belongs to
 * @param seq            its per-conversation sequence number (1, 2, 3 …, gap-free)
 * @param clientMsgId    the sender's idempotency key
 * @param from           {@code visitor}, {@code agent} or {@code system}
 * @param senderId       visitor session id or agent id
 * @param senderName     display name, may be empty
 * @param text           the text, rendered by clients as text, never as HTML
 * @param ts             acceptance time, epoch milliseconds
 */
public record ChatMessage(String conversationId, long seq, String clientMsgId, String from, String senderId,
                          String senderName, String text, long ts) {

    public static final String FROM_VISITOR = "visitor";
    public static final String FROM_AGENT = "agent";
    public static final String FROM_SYSTEM = "system";
}
