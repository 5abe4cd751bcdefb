package io.livechat.load.peer.socketio;

import io.livechat.load.client.FrameScan;
import io.livechat.load.report.Ledger;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Socket.IO client over any {@link SioTransport}: answers the open packet with a connect and pings with
 * pongs, matches acks to calls, and reports chat traffic to the {@link Ledger} as our clients do ({@code sent}
 * on send, {@code acked} or {@code refused} on the ack, {@code onMessage} per {@code message} event).
 *
 * <p>{@link #onPacket} runs on the transport's event loop; the other methods may be called from any thread.
 */
final class SioSocket {

    private static final String MESSAGE_EVENT = "42[\"message\"";

    private final Ledger ledger;
    private final boolean atVisitor;
    private final AtomicInteger ids = new AtomicInteger();
    /** Calls whose ack someone awaits (joins); a send's ack is not registered, it goes to the ledger. */
    private final Map<Integer, CompletableFuture<String>> calls = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private volatile SioTransport transport;

    /** @param atVisitor whether message events arrive at a visitor (else at an agent), for the ledger */
    SioSocket(Ledger ledger, boolean atVisitor) {
        this.ledger = ledger;
        this.atVisitor = atVisitor;
    }

    /** Starts the transport; completes once the server accepted the Socket.IO connect. */
    CompletableFuture<Void> connect(SioTransport t) {
        transport = t;
        t.start().whenComplete((x, e) -> {
            if (e != null) {
                connected.completeExceptionally(e);
            }
        });
        return connected;
    }

    /** Emits an event and completes with the ack's payload (the JSON array after the id). */
    CompletableFuture<String> call(String event, String json) {
        int id = ids.incrementAndGet();
        CompletableFuture<String> ack = new CompletableFuture<>();
        calls.put(id, ack);
        transport.write(SioPackets.event(id, event, json));
        return ack;
    }

    /** Sends a chat message; its ack is counted in the ledger. */
    void send(String conversationId, String clientMsgId, String from, String text) {
        ledger.sent.increment();
        transport.write(SioPackets.event(ids.incrementAndGet(), "send",
                SioPackets.send(conversationId, clientMsgId, from, text)));
    }

    void onPacket(String p) {
        if (p.isEmpty()) {
            return;
        }
        switch (p.charAt(0)) {
            case '0' -> transport.write(SioPackets.CONNECT);
            case '2' -> transport.write(SioPackets.PONG);
            case '1' -> onClosed("the server closed the session");
            case '4' -> onSocketIo(p);
            default -> {
                // '3' pong, '6' noop: nothing to do
            }
        }
    }

    private void onSocketIo(String p) {
        char type = p.length() > 1 ? p.charAt(1) : ' ';
        if (type == '2' && p.startsWith(MESSAGE_EVENT)) {
            ledger.onMessage(atVisitor, FrameScan.field(p, "from"), FrameScan.field(p, "text"));
        } else if (type == '3') {
            CompletableFuture<String> call = calls.remove(SioPackets.ackId(p));
            if (call != null) {
                call.complete(p.substring(p.indexOf('[')));
            } else if (p.contains("\"ok\":true")) {
                ledger.acked.increment();
            } else {
                ledger.refused.increment();
            }
        } else if (type == '0') {
            connected.complete(null);
        } else if (type == '4') {
            connected.completeExceptionally(new IOException("Socket.IO connect refused: " + p));
        }
    }

    /** The transport closed: pending calls and the connect fail. */
    void onClosed(String why) {
        IOException closed = new IOException("Socket.IO transport closed: " + why);
        connected.completeExceptionally(closed);
        calls.values().forEach(c -> c.completeExceptionally(closed));
        calls.clear();
    }

    void close() {
        SioTransport t = transport;
        if (t != null) {
            t.close();
        }
    }
}
