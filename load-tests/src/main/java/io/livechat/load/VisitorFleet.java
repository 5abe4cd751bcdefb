package io.livechat.load;

import io.livechat.load.client.ClientGroup;
import io.livechat.load.client.HttpPool;
import io.livechat.load.client.PollVisitor;
import io.livechat.load.client.Sessions;
import io.livechat.load.client.Visitor;
import io.livechat.load.client.WsVisitor;
import io.livechat.load.report.Ledger;

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

    private final ClientGroup clients;
    private final HttpPool gatewayPool;
    private final Sessions sessions;
    private final String host;
    private final int port;
    private final Ledger ledger;
    private final AtomicReferenceArray<Visitor> visitors;
    private final AtomicInteger next = new AtomicInteger();
    public final AtomicInteger opened = new AtomicInteger();
    public final AtomicInteger failed = new AtomicInteger();
    private volatile Throwable firstError;
    private double slowShareOfWs;
    private int slowReceiveBuffer;

    public VisitorFleet(ClientGroup clients, HttpPool gatewayPool, String siteKey, String host, int port, int size,
                        Ledger ledger) {
        this.clients = clients;
        this.gatewayPool = gatewayPool;
        this.sessions = new Sessions(gatewayPool, siteKey);
        this.host = host;
        this.port = port;
        this.ledger = ledger;
        this.visitors = new AtomicReferenceArray<>(size);
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
        sessions.create("load-" + i).thenCompose(s -> {
            Visitor v = ws ? new WsVisitor(clients, host, port, s, ledger, slowCandidate(mix, i) ? slowReceiveBuffer : 0)
                    : new PollVisitor(clients, host, port, gatewayPool, s, ledger);
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
