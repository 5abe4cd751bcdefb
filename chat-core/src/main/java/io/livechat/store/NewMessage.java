package io.livechat.store;

/**
 * A message to accept.
 *
 * @param conversationId    its conversation
 * @param clientMsgId       the sender's idempotency key
 * @param from              visitor, agent or system
 * @param senderId          visitor session id or agent id
 * @param senderName        display name, may be empty
 * @param text              validated text
 * @param requiredAgentId   for agent sends, the agent that must be assigned; empty for visitor sends
 * @param event             what a system-like message marks ({@code closed}, {@code rating}), null for chat
 */
public record NewMessage(String conversationId, String clientMsgId, String from, String senderId, String senderName,
                         String text, String requiredAgentId, String event) {

    /** A plain chat message. */
    public NewMessage(String conversationId, String clientMsgId, String from, String senderId, String senderName,
                      String text, String requiredAgentId) {
        this(conversationId, clientMsgId, from, senderId, senderName, text, requiredAgentId, null);
    }
}
