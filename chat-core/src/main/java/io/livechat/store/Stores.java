package io.livechat.store;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every store port a node uses, built by the process's resource owner over one backend (Redis, or in-memory
 * fakes in tests).
 *
 * @param conversations the conversation log
 * @param sessions      visitor sessions
 * @param registry      visitor-session leases
 * @param presence      agents' presence and assignment
 * @param sites         the site directory
 * @param channels      opens a node's pub/sub channel (one per node)
 * @param handoff       opens a transcript writer's side of the hand-off
 * @param tickets       single-use WebSocket tickets
 */
public record Stores(ConversationStore conversations, VisitorSessions sessions, SessionRegistry registry,
                     AgentPresence presence, SiteDirectory sites, Supplier<NodeChannels> channels,
                     Function<TranscriptHandoff.Options, TranscriptHandoff> handoff, SocketTickets tickets) {
}
