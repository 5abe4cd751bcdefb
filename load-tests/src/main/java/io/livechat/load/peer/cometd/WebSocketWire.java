package io.livechat.load.peer.cometd;

import io.livechat.load.client.ClientGroup;
import io.livechat.load.client.WsClient;

import java.util.concurrent.CompletableFuture;

/** Bayeux over one WebSocket to {@code ws://host:port/cometd}: every batch a text frame, both ways. */
final class WebSocketWire implements BayeuxWire, WsClient.Listener {

    private final ClientGroup clients;
    private final String host;
    private final int port;
    private volatile WsClient ws;
    private volatile BayeuxSession session;

    WebSocketWire(ClientGroup clients, String host, int port) {
        this.clients = clients;
        this.host = host;
        this.port = port;
    }

    @Override
    public String connectionType() {
        return Bayeux.WEBSOCKET;
    }

    @Override
    public CompletableFuture<Void> open(BayeuxSession session) {
        this.session = session;
        ws = WsClient.connect(clients, host, port, Bayeux.PATH, this);
        return ws.opened();
    }

    @Override
    public void send(String batch, boolean connect, Runnable onFailure) {
        WsClient c = ws;
        if (c == null || !c.isOpen()) {
            onFailure.run();
            return;
        }
        c.send(batch);
    }

    @Override
    public void onText(String text) {
        session.receive(text);
    }

    @Override
    public void onClosed() {
        BayeuxSession s = session;
        if (s != null) {
            s.closed();
        }
    }

    @Override
    public void close() {
        WsClient c = ws;
        if (c != null) {
            c.close();
        }
    }
}
