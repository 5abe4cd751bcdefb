package io.livechat.store;

/**
 * Where the two sides of a conversation are now, as the registry names them.
 *
 * @param visitorSid  the conversation's visitor session
 * @param visitorNode the gateway node holding it, empty if none
 * @param agentId     the assigned agent, empty if none
 * @param agentNode   the agent-server node holding that agent's desk, empty if none
 */
public record ConversationRoute(String visitorSid, String visitorNode, String agentId, String agentNode) {
}
