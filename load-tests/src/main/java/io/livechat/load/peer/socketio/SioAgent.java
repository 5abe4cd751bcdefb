package io.livechat.load.peer.socketio;

import io.livechat.load.peer.PeerSystem;

import java.util.concurrent.CompletableFuture;

/** An agent on the Socket.IO peer over WebSocket: one connection, joined to the rooms of the conversations it serves. */
final class SioAgent implements PeerSystem.PeerAgent {

    private final SioSocket socket;
    private final SioTransport transport;

    SioAgent(SioSocket socket, SioTransport transport) {
        this.socket = socket;
        this.transport = transport;
    }

    @Override
    public CompletableFuture<Void> open() {
        return socket.connect(transport);
    }

    @Override
    public CompletableFuture<Void> join(String conversationId) {
        return socket.call("join", SioPackets.join(conversationId)).thenAccept(SioVisitor::requireOk);
    }

    @Override
    public void reply(String conversationId, String clientMsgId, String text) {
        socket.send(conversationId, clientMsgId, "agent", text);
    }

    @Override
    public void close() {
        socket.close();
    }
}
