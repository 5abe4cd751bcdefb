package io.livechat.load.lb;

import io.livechat.load.client.ClientGroup;
import io.livechat.load.client.Visitor;
import io.livechat.load.report.Ledger;
import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A visitor that survives the loss of its node, as the widget does: it notices the loss, reconnects through the
 * balancer with jittered exponential backoff, resumes from the highest {@code seq} it has seen ({@code after=}),
 * and keeps every message it sent in an outbox until its ack arrives, sending it again with the same clientMsgId
 * (the server accepts a clientMsgId once). It never drops a duplicate itself, so the ledger sees what the server
 * sent.
 *
 * <p>State is guarded by the visitor's monitor; callbacks arrive on generator event loops and only take it briefly.
 * Timers run on the visitor's own event loop ({@code schedule}, never a sleep).
 */
public abstract class ResumingVisitor implements Visitor {

    static final long FIRST_BACKOFF_MS = 100;
    static final long MAX_BACKOFF_MS = 2000;

    protected final ClientGroup clients;
    protected final EventLoop loop;
    protected final String host;
    protected final int port;
    protected final Visitor.Session session;
    protected final Ledger ledger;
    protected final ResumeStats stats;
    private final Map<String, String> outbox = new LinkedHashMap<>();
    private final CompletableFuture<Void> firstUp = new CompletableFuture<>();
    private long lastSeq;
    private boolean up;
    private int failures;
    private long lostAtNanos;
    private long backAtNanos;
    private int losses;
    protected volatile boolean running = true;

    protected ResumingVisitor(ClientGroup clients, String host, int port, Visitor.Session session, Ledger ledger,
                              ResumeStats stats) {
        this.clients = clients;
        this.loop = clients.group().next();
        this.host = host;
        this.port = port;
        this.session = session;
        this.ledger = ledger;
        this.stats = stats;
    }

    public String sid() {
        return session.sid();
    }

    public String conversationId() {
        return session.conversationId();
    }

    /** {@code ws} or {@code poll}. */
    public abstract String transport();

    /** Starts connecting; completes once the visitor is up the first time. */
    public CompletableFuture<Void> open() {
        loop.execute(this::connect);
        return firstUp;
    }

    /** Opens the transport's connection from {@link #lastSeq()}; reports through markUp, markLost and onEvent. */
    protected abstract void connect();

    /** Puts one message on the wire (the visitor is up, or a retry decides itself). */
    protected abstract void transmit(String clientMsgId, String text);

    /** Sends a message: kept in the outbox until acknowledged, put on the wire now when the visitor is up. */
    public void send(String clientMsgId, String text) {
        ledger.sent.increment();
        boolean now;
        synchronized (this) {
            outbox.put(clientMsgId, text);
            now = up || !queuesWhileDown();
        }
        if (now) {
            transmit(clientMsgId, text);
        }
    }

    /** A message event arrived: to the ledger as it is (duplicates included), and the resume cursor moves on. */
    protected void onEvent(String from, String text, long seq) {
        synchronized (this) {
            lastSeq = Math.max(lastSeq, seq);
        }
        ledger.onMessage(true, from, text);
    }

    /** Moves the resume cursor (a long-poll answer's {@code cursor}). */
    protected synchronized void advance(long cursor) {
        lastSeq = Math.max(lastSeq, cursor);
    }

    public synchronized long lastSeq() {
        return lastSeq;
    }

    protected void onAck(String clientMsgId, boolean duplicate) {
        boolean first;
        synchronized (this) {
            first = outbox.remove(clientMsgId) != null;
        }
        if (duplicate) {
            stats.duplicateAcks.increment();
        }
        if (first) {
            ledger.acked.increment();
        } else {
            stats.repeatedAcks.increment();
        }
    }

    /** The server refused the message for good (a 4xx or an error frame): counted, not retried. */
    protected void onRefused(String clientMsgId) {
        boolean first;
        synchronized (this) {
            first = outbox.remove(clientMsgId) != null;
        }
        if (first) {
            ledger.refused.increment();
        }
    }

    protected synchronized boolean pending(String clientMsgId) {
        return outbox.containsKey(clientMsgId);
    }

    /** The visitor reached a node: the first time it opens, later it is back; unacked messages go out again. */
    protected void markUp() {
        List<Map.Entry<String, String>> again;
        synchronized (this) {
            if (up) {
                return;
            }
            up = true;
            failures = 0;
            if (firstUp.isDone()) {
                backAtNanos = System.nanoTime();
            }
            again = new ArrayList<>(outbox.entrySet());
        }
        firstUp.complete(null);
        for (Map.Entry<String, String> e : again) {
            if (queuesWhileDown()) {
                stats.resends.increment();
                transmit(e.getKey(), e.getValue());
            }
        }
    }

    /**
     * Whether sends wait in the outbox while the visitor is down and all go out again when it is back (a WebSocket:
     * one connection carries them), or each send goes out at once and retries on its own (long-poll: each send is
     * its own request).
     */
    protected abstract boolean queuesWhileDown();

    /** The connection is gone (closed, refused, or answered by a balancer error); the caller retries later. */
    protected void markLost() {
        if (!running) {
            return; // closed by the run: not a loss
        }
        synchronized (this) {
            failures++;
            if (!up) {
                return;
            }
            up = false;
            losses++;
            lostAtNanos = System.nanoTime();
        }
        stats.losses.increment();
    }

    /** Runs {@code task} after this visitor's current backoff (jittered, doubling up to 2 s), on its loop. */
    protected void later(Runnable task) {
        if (!running) {
            return;
        }
        long base;
        synchronized (this) {
            base = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(5, Math.max(0, failures - 1)));
        }
        long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        loop.schedule(() -> {
            if (running) {
                task.run();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    public synchronized boolean isUp() {
        return up;
    }

    /** How often this visitor lost its connection while up. */
    public synchronized int losses() {
        return losses;
    }

    /** When it last lost its connection ({@link System#nanoTime}), 0 if never. */
    public synchronized long lostAtNanos() {
        return lostAtNanos;
    }

    /** When it was last back after a loss ({@link System#nanoTime}), 0 if never. */
    public synchronized long backAtNanos() {
        return backAtNanos;
    }

    /** Messages sent and not yet acknowledged. */
    public synchronized int unacked() {
        return outbox.size();
    }

    public abstract void close();
}
