package io.livechat.server.desk;

import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.ChatMessage;
import io.livechat.protocol.ErrorCode;
import io.livechat.protocol.Frames;
import io.livechat.protocol.Validation;
import io.livechat.routing.EventRouter;
import io.livechat.routing.MessageAcceptor;
import io.livechat.store.AgentPresence;
import io.livechat.store.ConversationStore;
import io.livechat.store.NewMessage;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import io.livechat.server.recovery.ConversationRestorer;

/** What an agent can do in a conversation: reply (routed to the visitor's node only) and signal typing. */
public final class AgentService {

    private final ConversationStore store;
    private final AgentPresence presence;
    private final EventRouter router;
    private final MessageAcceptor acceptor;
    private final int maxMessageChars;
    private final ConversationRestorer restorer;
    private volatile Function<String, CompletableFuture<Void>> beforeClose = id -> CompletableFuture.completedFuture(null);

    /** @param restorer puts back a conversation Redis lost when the agent acts on it; null for none */
    public AgentService(ConversationStore store, AgentPresence presence, EventRouter router, ChatMetrics metrics,
                        int maxMessageChars, ConversationRestorer restorer) {
        this.restorer = restorer;
        this.store = store;
        this.presence = presence;
        this.router = router;
        this.acceptor = new MessageAcceptor(store, presence, router, metrics);
        this.maxMessageChars = maxMessageChars;
    }

    /** Accepts a reply from the assigned agent; completes with the ack frame. */
    public CompletableFuture<String> send(String agentId, String agentName, String conversationId,
                                          String clientMsgId, String text) {
        Validation.clientMsgId(clientMsgId);
        Validation.text(text, maxMessageChars);
        if (conversationId == null || conversationId.isEmpty()) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "missing conversationId");
        }
        NewMessage m = new NewMessage(conversationId, clientMsgId, ChatMessage.FROM_AGENT, agentId, agentName, text,
                agentId);
        return restoringIfLost(conversationId, () -> acceptor.accept(m))
                .thenApply(r -> Frames.ack(clientMsgId, r.seq(), r.duplicate(), conversationId));
    }

    /**
     * Runs {@code write}; when it finds the conversation gone from Redis (it lost its data), restores it from
     * PostgreSQL (new epoch, seq after PostgreSQL's highest; the desk is told with a {@code reset}) and runs it
     * once more.
     */
    public <T> CompletableFuture<T> restoringIfLost(String conversationId, Supplier<CompletableFuture<T>> write) {
        return write.get().handle((r, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(r);
            }
            ChatException e = ChatException.from(error);
            if (e.code() != ErrorCode.UNKNOWN_SESSION) {
                throw e;
            }
            // to an agent, a conversation neither Redis nor PostgreSQL knows is not_found (unknown_session is
            // the visitor's answer for a session the cluster no longer knows)
            ChatException notFound = new ChatException(ErrorCode.NOT_FOUND, "no such conversation");
            if (restorer == null) {
                throw notFound;
            }
            return restorer.restoreConversation(conversationId).thenCompose(done -> {
                if (done == null) {
                    throw notFound;
                }
                return write.get();
            });
        }).thenCompose(f -> f);
    }

    /**
     * What a close by the conversation's agent waits for first, and is refused by when it fails (the desk tools'
     * {@code tag_required}); set once at start.
     */
    public void checkBeforeClose(Function<String, CompletableFuture<Void>> check) {
        this.beforeClose = check;
    }

    public ConversationRestorer restorer() {
        return restorer;
    }

    /**
     * Records "the agent has delivered/read everything up to seq" and passes it to the visitor; fails with
     * {@code not_assigned}, changing nothing, when the conversation is not the agent's.
     */
    public CompletableFuture<Void> receipt(String agentId, String conversationId, String state, long seq) {
        Validation.receiptState(state);
        if (seq < 1 || conversationId == null) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "conversationId and a positive seq are required");
        }
        String field = "read".equals(state) ? "agentRead" : "agentDelivered";
        return restoringIfLost(conversationId, () -> store.receipt(conversationId, field, seq, agentId))
                .thenAccept(route -> {
                    if (route != null) {
                        router.relay(route, conversationId, true,
                                Frames.receipt(conversationId, ChatMessage.FROM_AGENT, state, seq));
                    }
                });
    }

    /**
     * Closes a conversation: a system message with event {@code closed} goes to both sides, then the
     * conversation leaves the agent's open list. A later visitor message reopens it.
     */
    public CompletableFuture<String> close(String agentId, String agentName, String conversationId) {
        if (conversationId == null || conversationId.isEmpty()) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "missing conversationId");
        }
        return restoringIfLost(conversationId, () -> store.state(conversationId).thenCompose(conv -> {
            if (conv == null) {
                throw new ChatException(ErrorCode.UNKNOWN_SESSION, "no such conversation");
            }
            String id = "closed-" + conv.lastSeq();
            NewMessage m = new NewMessage(conversationId, id, ChatMessage.FROM_SYSTEM, agentId, agentName,
                    "The conversation was closed.", agentId, "closed");
            // another agent's close is refused by the acceptor (not_assigned) before any check of the conversation's
            CompletableFuture<Void> checked = agentId.equals(conv.agentId()) ? beforeClose.apply(conversationId)
                    : CompletableFuture.completedFuture(null);
            return checked.thenCompose(ok -> acceptor.accept(m)).thenCompose(r -> store.close(conversationId, agentId)
                    .thenCompose(x -> presence.release(agentId, conversationId))
                    .thenApply(x -> Frames.ack(id, r.seq(), r.duplicate(), conversationId)));
        }));
    }

    /**
     * Passes the agent's typing indicator to the node holding the visitor; not stored, best effort (dropped for a
     * conversation the store does not have). Fails with {@code not_assigned} when the conversation is not the agent's.
     */
    public CompletableFuture<Void> typing(String agentId, String conversationId, boolean typing) {
        if (conversationId == null || conversationId.isEmpty()) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "missing conversationId");
        }
        String json = Frames.typing(conversationId, ChatMessage.FROM_AGENT, typing);
        return store.route(conversationId).thenAccept(route -> {
            if (route == null) {
                return;
            }
            if (!route.agentId().equals(agentId)) {
                throw new ChatException(ErrorCode.NOT_ASSIGNED);
            }
            router.relay(route, conversationId, true, json);
        });
    }
}
