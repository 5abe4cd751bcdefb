package io.livechat.store;

/**
 * Who is in a conversation and where its visitor is now, as the log and the registry name them (the agent's node
 * comes from {@link AgentPresence#node}).
 *
 * @param visitorSid  the conversation's visitor session
 * @param visitorNode the gateway node holding it, empty if none
 * @param agentId     the assigned agent, empty if none
 */
public record ConversationRoute(String visitorSid, String visitorNode, String agentId) {
}
