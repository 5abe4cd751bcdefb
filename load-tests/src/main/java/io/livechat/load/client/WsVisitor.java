package io.livechat.load.client;

import io.livechat.load.report.Ledger;

import java.util.concurrent.CompletableFuture;

/** A visitor over {@code GET /v1/ws}: sends and receives frames on one WebSocket. */
public final class WsVisitor implements Visitor, WsClient.Listener {

    private final ClientGroup clients;
    private final String host;
    private final int port;
    private final Session session;
    private final Ledger ledger;
    private final int receiveBufferBytes;
    private WsClient ws;

    public WsVisitor(ClientGroup clients, String host, int port, Session session, Ledger ledger) {
        this(clients, host, port, session, ledger, 0);
    }

    /** @param receiveBufferBytes the socket's receive buffer, set before connecting; 0 for the kernel's default */
    public WsVisitor(ClientGroup clients, String host, int port, Session session, Ledger ledger,
                     int receiveBufferBytes) {
        this.receiveBufferBytes = receiveBufferBytes;
        this.clients = clients;
        this.host = host;
        this.port = port;
        this.session = session;
        this.ledger = ledger;
    }

    @Override
    public String conversationId() {
        return session.conversationId();
    }

    @Override
    public CompletableFuture<Void> open() {
        ws = WsClient.connect(clients, host, port, "/v1/ws?" + session.query() + "&after=0", session.token(), this,
                receiveBufferBytes);
        return ws.opened();
    }

    @Override
    public void send(String clientMsgId, String text) {
        ledger.sent.increment();
        ws.send(Visitor.sendFrame(clientMsgId, text));
    }

    /** Becomes a slow consumer: stops reading the WebSocket (see {@link WsClient#stopReading}). */
    public void stopReading() {
        ws.stopReading();
    }

    /** Whether this visitor was opened with a small receive buffer, to become a slow consumer later. */
    public boolean isSlowCandidate() {
        return receiveBufferBytes > 0;
    }

    @Override
    public void onText(String text) {
        String type = FrameScan.field(text, "type");
        if ("message".equals(type)) {
            ledger.onMessage(true, FrameScan.field(text, "from"), FrameScan.field(text, "text"));
        } else if ("ack".equals(type)) {
            ledger.acked.increment();
        } else if ("error".equals(type)) {
            ledger.refused.increment();
        }
    }

    @Override
    public void close() {
        if (ws != null) {
            ws.close();
        }
    }
}
