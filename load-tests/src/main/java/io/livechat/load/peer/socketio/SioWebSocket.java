package io.livechat.load.peer.socketio;

import io.livechat.load.client.ClientGroup;
import io.livechat.load.client.WsClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Engine.IO's WebSocket transport on our {@link WsClient}: one packet per text frame. */
final class SioWebSocket implements SioTransport, WsClient.Listener {

    static final String PATH = "/socket.io/?EIO=4&transport=websocket";

    private final ClientGroup clients;
    private final String host;
    private final int port;
    private final SioSocket socket;
    private volatile WsClient ws;
    /** Packets written before {@link #start} had the client; guarded by this. */
    private final List<String> early = new ArrayList<>();

    SioWebSocket(ClientGroup clients, String host, int port, SioSocket socket) {
        this.clients = clients;
        this.host = host;
        this.port = port;
        this.socket = socket;
    }

    @Override
    public CompletableFuture<Void> start() {
        WsClient c = WsClient.connect(clients, host, port, PATH, this);
        List<String> queued;
        synchronized (this) {
            ws = c;
            queued = List.copyOf(early);
            early.clear();
        }
        queued.forEach(c::send);
        return c.opened();
    }

    @Override
    public void write(String packet) {
        WsClient c = ws;
        if (c == null) {
            synchronized (this) {
                if (ws == null) {
                    // the open packet's answer, when this thread was descheduled between connect and assignment
                    early.add(packet);
                    return;
                }
                c = ws;
            }
        }
        c.send(packet);
    }

    @Override
    public void onText(String text) {
        socket.onPacket(text);
    }

    @Override
    public void onClosed() {
        socket.onClosed("WebSocket closed");
    }

    @Override
    public void close() {
        WsClient c = ws;
        if (c != null) {
            c.close();
        }
    }
}
