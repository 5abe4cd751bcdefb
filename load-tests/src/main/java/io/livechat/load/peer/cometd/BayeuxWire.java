package io.livechat.load.peer.cometd;

import java.util.concurrent.CompletableFuture;

/**
 * How a {@link BayeuxSession}'s message batches travel: one WebSocket, or HTTP long-polling (a connection of the
 * session's own for {@code /meta/connect}, shared keep-alive lanes for the rest). Whatever arrives (a frame, a
 * response body) goes to {@link BayeuxSession#receive}, on the wire's event loop.
 */
interface BayeuxWire {

    /** {@code websocket} or {@code long-polling}, as in {@code connectionType}. */
    String connectionType();

    /** Completes once batches can be sent (the WebSocket upgraded; at once for long-polling). */
    CompletableFuture<Void> open(BayeuxSession session);

    /**
     * Sends a batch; never blocks. {@code onFailure} runs (on an event loop) when the batch could not be delivered
     * or its HTTP answer was not 200; a batch's replies otherwise arrive through {@link BayeuxSession#receive}.
     *
     * @param connect whether this is the session's {@code /meta/connect} (long-polling holds it on its own connection)
     */
    void send(String batch, boolean connect, Runnable onFailure);

    void close();
}
