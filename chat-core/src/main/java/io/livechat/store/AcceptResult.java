package io.livechat.store;

/**
 * What the accept script decided about one message, and where its event must go.
 *
 * @param seq          the message's sequence number (the first one's, for a duplicate)
 * @param duplicate    true when the clientMsgId was seen before: nothing new was stored or must be sent
 * @param event        the event, null for a duplicate
 * @param visitorSid   the conversation's visitor session
 * @param visitorNode  the gateway node holding the visitor now, empty if none
 * @param agentId      the assigned agent, empty if none
 * @param agentNode    the agent-server node holding that agent's desk, empty if none
 * @param newlyAssigned true when this message caused the conversation's assignment
 */
public record AcceptResult(long seq, boolean duplicate, SeqEvent event, String visitorSid, String visitorNode,
                           String agentId, String agentNode, boolean newlyAssigned) {
}
