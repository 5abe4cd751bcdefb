package io.livechat.routing;

import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.ChatMessage;
import io.livechat.protocol.ErrorCode;
import io.livechat.store.AcceptResult;
import io.livechat.store.AgentPresence;
import io.livechat.store.ConversationStore;
import io.livechat.store.NewMessage;

import java.util.concurrent.CompletableFuture;

/**
 * Accepts a message into the log, assigns the conversation to an agent when a visitor writes to one that has
 * none, and routes the event to the visitor's and the agent's nodes: the one path every sender (visitor or agent,
 * either tier) goes through.
 */
public final class MessageAcceptor {

    private final ConversationStore conversations;
    private final AgentPresence presence;
    private final EventRouter router;
    private final ChatMetrics metrics;

    public MessageAcceptor(ConversationStore conversations, AgentPresence presence, EventRouter router,
                           ChatMetrics metrics) {
        this.conversations = conversations;
        this.presence = presence;
        this.router = router;
        this.metrics = metrics;
    }

    /**
     * Completes once the message is in the log (or was already) and, for a visitor's message, the conversation
     * has an agent or waits in the queue; fails with a {@link ChatException}. A retry of a message whose
     * assignment failed assigns it then.
     */
    public CompletableFuture<AcceptResult> accept(NewMessage m) {
        return conversations.accept(m).thenCompose(a -> {
            if (ChatMessage.FROM_VISITOR.equals(m.from()) && a.agentId().isEmpty()) {
                return assign(m.conversationId(), a);
            }
            if (a.duplicate() || a.agentId().isEmpty()) {
                return CompletableFuture.completedFuture(result(a, a.agentId(), "", false));
            }
            return presence.node(a.agentId()).thenApply(node -> result(a, a.agentId(), node, false));
        }).handle((r, error) -> {
            if (error != null) {
                ChatException ce = ChatException.from(error);
                if (ce.code() == ErrorCode.UNAVAILABLE) {
                    metrics.redisError("accept");
                }
                throw ce;
            }
            if (!r.duplicate()) {
                metrics.messageIn(m.from());
                router.route(m.conversationId(), r);
            }
            return r;
        });
    }

    /** Hands the conversation to the least-loaded available agent (or the queue), then records it on the log. */
    private CompletableFuture<AcceptResult> assign(String conversationId, ConversationStore.Accepted a) {
        return presence.assign(conversationId).thenCompose(as -> !as.assigned()
                ? CompletableFuture.completedFuture(result(a, "", "", false))
                : conversations.setAgent(conversationId, as.agentId())
                        .thenApply(x -> result(a, as.agentId(), as.agentNode(), as.fresh())));
    }

    private static AcceptResult result(ConversationStore.Accepted a, String agentId, String agentNode,
                                       boolean newlyAssigned) {
        return new AcceptResult(a.seq(), a.duplicate(), a.event(), a.visitorSid(), a.visitorNode(), agentId,
                agentNode, newlyAssigned);
    }

    public EventRouter router() {
        return router;
    }
}
