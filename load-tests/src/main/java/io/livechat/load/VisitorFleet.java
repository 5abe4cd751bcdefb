package io.livechat.load;

import io.livechat.load.client.ClientGroup;
import io.livechat.load.client.HttpPool;
import io.livechat.load.client.PollVisitor;
import io.livechat.load.client.Sessions;
import io.livechat.load.client.Visitor;
import io.livechat.load.client.WsVisitor;
import io.livechat.load.peer.PeerSystem;
import io.livechat.load.report.Ledger;
import io.livechat.load.target.ServerTarget;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Opens many visitors, each a session plus a connection, with at most {@code concurrency} opening at a time (a
 * burst of thousands of simultaneous handshakes measures the accept queue, not the server).
 */
public final class VisitorFleet {

    /** Which transport the visitors use. */
    public enum Mix { WS, POLL, MIXED }

    /** Makes visitor {@code i} (not yet open) on the transport chosen for it; called on any thread, never blocks. */
    @FunctionalInterface
    public interface Maker {
        CompletableFuture<Visitor> make(int i, boolean webSocket, boolean slowCandidate);
    }

    private final Maker maker;
    private final AtomicReferenceArray<Visitor> visitors;
    private final AtomicInteger next = new AtomicInteger();
    public final AtomicInteger opened = new AtomicInteger();
    public final AtomicInteger failed = new AtomicInteger();
    private volatile Throwable firstError;
    private double slowShareOfWs;
    private int slowReceiveBuffer;

    /** Visitors of our server: a session each ({@code POST /v1/sessions}), then a WebSocket or a long-poll. */
    public VisitorFleet(ClientGroup clients, HttpPool gatewayPool, String siteKey, String host, int port, int size,
                        Ledger ledger) {
        Sessions sessions = new Sessions(gatewayPool, siteKey);
        this.maker = (i, ws, slow) -> sessions.create("load-" + i).thenApply(s -> ws
                ? new WsVisitor(clients, host, port, s, ledger, slow ? slowReceiveBuffer : 0)
                : new PollVisitor(clients, host, port, gatewayPool, s, ledger));
        this.visitors = new AtomicReferenceArray<>(size);
    }

    /** Visitors made by {@code maker} (a peer system's adapters). */
    public VisitorFleet(Maker maker, int size) {
        this.maker = maker;
        this.visitors = new AtomicReferenceArray<>(size);
    }

    /** Visitors of a peer system, visitor {@code i} in conversation {@code c<i>}. */
    public static VisitorFleet forPeer(PeerSystem peer, ClientGroup clients, ServerTarget target, int size,
                                       Ledger ledger) {
        return new VisitorFleet((i, ws, slow) -> CompletableFuture.completedFuture(
                peer.visitor(clients, target, conversationOf(i), ws, ledger)), size);
    }

    /** The conversation id of peer visitor {@code i}. */
    public static String conversationOf(int i) {
        return "c" + i;
    }

    /**
     * Opens this share of the WebSocket visitors (spread evenly) with a small receive buffer, as candidates for
     * slow consumers; call before {@link #open}.
     */
    public VisitorFleet slowCandidates(double shareOfWebSocketVisitors, int receiveBufferBytes) {
        this.slowShareOfWs = shareOfWebSocketVisitors;
        this.slowReceiveBuffer = receiveBufferBytes;
        return this;
    }

    /** Starts opening every visitor; the future completes when each has opened or failed. */
    public CompletableFuture<Void> open(Mix mix, int concurrency) {
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int w = 0; w < Math.min(concurrency, visitors.length()); w++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            workers.add(done);
            openNext(mix, done);
        }
        return CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new));
    }

    private void openNext(Mix mix, CompletableFuture<Void> done) {
        int i = next.getAndIncrement();
        if (i >= visitors.length()) {
            done.complete(null);
            return;
        }
        boolean ws = mix == Mix.WS || (mix == Mix.MIXED && i % 2 == 0);
        maker.make(i, ws, ws && slowCandidate(mix, i)).thenCompose(v -> {
            visitors.set(i, v);
            return v.open();
        }).whenComplete((x, error) -> {
            if (error == null) {
                opened.incrementAndGet();
            } else {
                failed.incrementAndGet();
                if (firstError == null) {
                    firstError = error;
                }
            }
            openNext(mix, done);
        });
    }

    /** Whether WebSocket visitor {@code i} is one of the evenly spread slow candidates. */
    private boolean slowCandidate(Mix mix, int i) {
        long j = mix == Mix.MIXED ? i / 2 : i; // its ordinal among the WebSocket visitors
        return slowShareOfWs > 0 && (long) ((j + 1) * slowShareOfWs) > (long) (j * slowShareOfWs);
    }

    public int size() {
        return visitors.length();
    }

    /** The i-th visitor, or null when it failed to open. */
    public Visitor get(int i) {
        return visitors.get(i);
    }

    public Throwable firstError() {
        return firstError;
    }

    public void close() {
        for (int i = 0; i < visitors.length(); i++) {
            Visitor v = visitors.get(i);
            if (v != null) {
                v.close();
            }
        }
    }
}
