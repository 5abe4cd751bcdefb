package io.livechat.routing;

import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.livechat.store.AcceptResult;
import io.livechat.store.ChatStore;
import io.livechat.store.NewMessage;

import java.util.concurrent.CompletableFuture;

/**
 * Accepts a message into the log and routes its event to the visitor's and the agent's nodes: the one path
 * every sender (visitor or agent, either tier) goes through.
 */
public final class MessageAcceptor {

    private final ChatStore store;
    private final EventRouter router;
    private final ChatMetrics metrics;

    public MessageAcceptor(ChatStore store, EventRouter router, ChatMetrics metrics) {
        this.store = store;
        this.router = router;
        this.metrics = metrics;
    }

    /** Completes once the message is in the log (or was already); fails with a {@link ChatException}. */
    public CompletableFuture<AcceptResult> accept(NewMessage m) {
        return store.accept(m).handle((r, error) -> {
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

    public EventRouter router() {
        return router;
    }
}
