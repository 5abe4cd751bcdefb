package io.livechat.load.peer.socketio;

import io.livechat.load.client.Visitor;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** A visitor of one conversation on the Socket.IO peer, over WebSocket or long-polling: connects, then joins its room. */
final class SioVisitor implements Visitor {

    private final String conversationId;
    private final SioSocket socket;
    private final SioTransport transport;

    SioVisitor(String conversationId, SioSocket socket, SioTransport transport) {
        this.conversationId = conversationId;
        this.socket = socket;
        this.transport = transport;
    }

    @Override
    public String conversationId() {
        return conversationId;
    }

    @Override
    public CompletableFuture<Void> open() {
        return socket.connect(transport)
                .thenCompose(x -> socket.call("join", SioPackets.join(conversationId)))
                .thenAccept(SioVisitor::requireOk);
    }

    static void requireOk(String ack) {
        if (!ack.contains("\"ok\":true")) {
            throw new IllegalStateException("join refused: " + ack, new IOException(ack));
        }
    }

    @Override
    public void send(String clientMsgId, String text) {
        socket.send(conversationId, clientMsgId, "visitor", text);
    }

    @Override
    public void close() {
        socket.close();
    }
}
