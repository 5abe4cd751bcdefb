package io.livechat.store;

/**
 * One conversation as the log holds it.
 *
 * @param conversationId   its id
 * @param siteKey          the site it started on
 * @param visitorSid       its visitor session
 * @param agentId          the assigned agent, empty if none
 * @param status           {@code open} or {@code closed}
 * @param lastSeq          the seq of its latest event
 * @param createdMillis    when it started
 * @param visitorDelivered highest seq the visitor confirmed as delivered (likewise the three marks below)
 * @param visitorRead      highest seq the visitor has read
 * @param agentDelivered   highest seq delivered to the agent's desk
 * @param agentRead        highest seq the agent has read
 * @param epoch            the epoch of its log (empty for a log written before epochs existed)
 */
public record ConversationState(String conversationId, String siteKey, String visitorSid, String agentId,
                                String status, long lastSeq, long createdMillis, long visitorDelivered,
                                long visitorRead, long agentDelivered, long agentRead, String epoch) {
}
