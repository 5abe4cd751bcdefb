package io.livechat.load.peer.socketio;

import io.livechat.load.client.ClientGroup;
import io.livechat.load.client.FrameScan;
import io.livechat.load.client.HttpLane;
import io.livechat.load.client.HttpPool;
import io.livechat.load.client.HttpReply;
import io.netty.handler.codec.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Engine.IO's long-polling transport: a handshake {@code GET}, then exactly one {@code GET} outstanding at a time
 * on a keep-alive connection of its own (the server answers it when it has packets, or with a ping every 25 s),
 * and packets sent as {@code POST}s through the shared {@link HttpPool}, one in flight per client (Engine.IO
 * closes a session on overlapping {@code POST}s), the ones written meanwhile batched into the next.
 */
final class SioPolling implements SioTransport {

    static final String PATH = "/socket.io/?EIO=4&transport=polling";
    private static final Logger LOG = LoggerFactory.getLogger(SioPolling.class);

    private final ClientGroup clients;
    private final HttpLane poll;
    private final HttpPool posts;
    private final SioSocket socket;
    private volatile String sid;
    private volatile boolean running;
    /** Packets waiting for the POST in flight to finish; guarded by this. */
    private final StringBuilder pending = new StringBuilder();
    private boolean posting;

    SioPolling(ClientGroup clients, String host, int port, HttpPool posts, SioSocket socket) {
        this.clients = clients;
        this.poll = new HttpLane(clients, host, port, 1);
        this.posts = posts;
        this.socket = socket;
    }

    @Override
    public CompletableFuture<Void> start() {
        running = true;
        CompletableFuture<Void> up = new CompletableFuture<>();
        poll.request(HttpMethod.GET, PATH, null, null).whenComplete((r, e) -> {
            String id = e == null && r.status() == 200 ? FrameScan.field(r.body(), "sid") : null;
            if (id == null) {
                up.completeExceptionally(e != null ? e : new IOException("Engine.IO handshake failed: " + r));
                return;
            }
            sid = id;
            up.complete(null);
            deliver(r.body());
            next();
        });
        return up;
    }

    /** Issues the next held GET once the previous one has answered; runs on the poll connection's loop. */
    private void next() {
        if (!running) {
            return;
        }
        poll.request(HttpMethod.GET, PATH + "&sid=" + sid, null, null).whenComplete(this::polled);
    }

    private void polled(HttpReply r, Throwable e) {
        if (e == null && r.status() == 200) {
            deliver(r.body());
            next();
        } else if (e == null) {
            running = false; // 400: the server dropped the session
            socket.onClosed("poll answered " + r.status() + " " + r.body());
        } else if (running) {
            clients.group().schedule(this::next, 100, TimeUnit.MILLISECONDS);
        }
    }

    private void deliver(String body) {
        int from = 0;
        for (int i = body.indexOf(SioPackets.SEPARATOR); i >= 0; i = body.indexOf(SioPackets.SEPARATOR, from)) {
            socket.onPacket(body.substring(from, i));
            from = i + 1;
        }
        socket.onPacket(body.substring(from));
    }

    @Override
    public void write(String packet) {
        String body;
        synchronized (this) {
            if (pending.length() > 0) {
                pending.append(SioPackets.SEPARATOR);
            }
            pending.append(packet);
            if (posting) {
                return;
            }
            posting = true;
            body = takePending();
        }
        post(body);
    }

    private void post(String body) {
        posts.post(PATH + "&sid=" + sid, body, null).whenComplete((r, e) -> {
            if (e != null || r.status() != 200) {
                // the packets are lost: the ledger shows their messages missing or unacknowledged
                LOG.warn("Engine.IO POST for {} failed: {}", sid, e != null ? e.toString() : r);
            }
            String next;
            synchronized (this) {
                if (pending.length() == 0) {
                    posting = false;
                    return;
                }
                next = takePending();
            }
            post(next);
        });
    }

    private String takePending() {
        String body = pending.toString();
        pending.setLength(0);
        return body;
    }

    @Override
    public void close() {
        running = false;
        poll.close();
    }
}
