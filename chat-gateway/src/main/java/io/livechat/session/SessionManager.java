package io.livechat.session;

import io.livechat.delivery.LogReader;
import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.livechat.routing.Envelope;
import io.livechat.routing.HistoryRequests;
import io.livechat.routing.NodeBus;
import io.livechat.store.ConversationStore;
import io.livechat.store.SeqEvent;
import io.livechat.store.SessionRegistry;
import io.livechat.store.VisitorRecord;
import io.livechat.store.VisitorSessions;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The visitor sessions this gateway node holds: attaches them (taking them over from another node when needed),
 * hands the envelopes that arrive on the node channel to their feeds' event loops, forwards envelopes for
 * sessions that moved, and keeps their registry leases alive.
 */
public final class SessionManager implements NodeBus.Handler {

    private static final Logger LOG = LoggerFactory.getLogger(SessionManager.class);
    private static final int LEASE_BATCH = 500;

    private final String nodeId;
    private final VisitorSessions visitors;
    private final ConversationStore conversations;
    private final SessionRegistry registry;
    private volatile LogReader log;
    private volatile HistoryRequests history;
    private final ChatMetrics metrics;
    private final int bufferSize;
    private final long idleMillis;
    private final Map<String, CompletableFuture<VisitorSession>> sessions = new ConcurrentHashMap<>();
    private volatile NodeBus bus;
    private volatile Restorer restorer;

    public SessionManager(String nodeId, VisitorSessions visitors, ConversationStore conversations,
                          SessionRegistry registry, ChatMetrics metrics, int bufferSize, long idleMillis) {
        this.nodeId = nodeId;
        this.visitors = visitors;
        this.conversations = conversations;
        this.registry = registry;
        this.log = conversations::range;
        this.metrics = metrics;
        this.bufferSize = bufferSize;
        this.idleMillis = idleMillis;
    }

    /** A {@link Restorer} that is answered over the node channel ({@link Envelope#RESTORED}). */
    public interface RestoreAnswers extends Restorer {
        void answered(Envelope e);
    }

    public void bind(NodeBus nodeBus) {
        this.bus = nodeBus;
    }

    /**
     * Restores a visitor's conversation that the store lost, from the durable record (see
     * {@link io.livechat.routing.RestoreRequests}): true when restored or present, false when unknown there.
     */
    @FunctionalInterface
    public interface Restorer {
        /** @param loop the asking connection's event loop, for timing the request */
        CompletableFuture<Boolean> restore(String sid, String siteKey, EventExecutor loop);
    }

    /** Restores sessions the store lost with {@code r}; without one, such a session is {@code unknown_session}. */
    public void restoreWith(Restorer r) {
        this.restorer = r;
    }

    /**
     * Fills ranges older than a conversation's log from PostgreSQL through the agent tier ({@code h}); without it,
     * such a range reaches the client as a {@code gap} frame. Set before the node takes sessions.
     */
    public void readHistoryWith(HistoryRequests h) {
        this.history = h;
        this.log = LogReader.withHistory(conversations::range, h);
    }

    /** {@link #attach(String, String, EventExecutor)} for a session whose site is not known here (no restore). */
    public CompletableFuture<VisitorSession> attach(String sid, EventExecutor loop) {
        return attach(sid, null, loop);
    }

    /**
     * The session, attached to this node; fails with {@code unknown_session} or {@code unavailable}. A session
     * attached now gets its feed owned by {@code loop}, the event loop of the connection that asked. A session
     * whose conversation the store lost is restored first (with a new epoch) when {@code siteKey}, the verified
     * token's, is given.
     */
    public CompletableFuture<VisitorSession> attach(String sid, String siteKey, EventExecutor loop) {
        CompletableFuture<VisitorSession> f = sessions.computeIfAbsent(sid, k -> load(k, siteKey, loop));
        // outside computeIfAbsent: a failure may complete synchronously, and the map must not be changed
        // from inside its own mapping function
        f.whenComplete((s, error) -> {
            if (error != null && sessions.remove(sid, f)
                    && ChatException.from(error).code() != ErrorCode.UNKNOWN_SESSION) {
                metrics.redisError("attach");
            }
        });
        return f;
    }

    private CompletableFuture<VisitorSession> load(String sid, String siteKey, EventExecutor loop) {
        Restorer r = restorer;
        return tryLoad(sid, loop).thenCompose(s -> {
            if (s != null) {
                return CompletableFuture.completedFuture(s);
            }
            if (r == null || siteKey == null || siteKey.isEmpty()) {
                throw new ChatException(ErrorCode.UNKNOWN_SESSION);
            }
            LOG.info("session {} is not in Redis: asking the agent tier to restore it", sid);
            return r.restore(sid, siteKey, loop).thenCompose(found -> {
                if (!found) {
                    throw new ChatException(ErrorCode.UNKNOWN_SESSION);
                }
                return tryLoad(sid, loop).thenApply(again -> {
                    if (again == null) {
                        throw new ChatException(ErrorCode.UNKNOWN_SESSION);
                    }
                    return again;
                });
            });
        });
    }

    /** The session attached from the store, or null when the store has not got it (or its conversation). */
    private CompletableFuture<VisitorSession> tryLoad(String sid, EventExecutor loop) {
        return visitors.find(sid).thenCompose(v -> v == null ? CompletableFuture.completedFuture(null)
                : conversations.attach(v.conversationId(), nodeId, bufferSize)
                        .thenApply(snapshot -> snapshot == null ? null : open(sid, v, snapshot, loop)));
    }

    /**
     * The store lost the session's conversation (a write found it gone): the session is let go here and its
     * followers are closed as after a move, so that they attach again, which restores it with a new epoch.
     */
    public void lost(VisitorSession s) {
        CompletableFuture<VisitorSession> f = sessions.get(s.sid());
        if (f != null && f.isDone() && !f.isCompletedExceptionally() && f.join() == s
                && sessions.remove(s.sid(), f)) {
            LOG.info("conversation {} of session {} is gone from Redis; its followers re-attach", s.conversationId(),
                    s.sid());
            s.moved();
        }
    }

    private VisitorSession open(String sid, VisitorRecord v, ConversationStore.Snapshot r, EventExecutor loop) {
        if (!r.previousNode().isEmpty() && !r.previousNode().equals(nodeId)) {
            metrics.takeover();
            LOG.info("session {} taken over from node {}", sid, r.previousNode());
            bus.send(r.previousNode(), new Envelope(Envelope.MOVED, Envelope.VISITOR, sid, v.conversationId(), 0, 0,
                    nodeId, ""));
        }
        return new VisitorSession(sid, v.conversationId(), v.siteKey(), v.details().name(), r.lastSeq(), r.recent(),
                r.epoch(), bufferSize, log, loop);
    }

    /** The session if this node holds it and it finished attaching, else null. */
    public VisitorSession local(String sid) {
        CompletableFuture<VisitorSession> f = sessions.get(sid);
        return f != null && f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
    }

    /** Called on a Lettuce I/O thread (see {@link NodeBus.Handler}): looks up, then the feed's loop takes over. */
    @Override
    public void onEnvelope(Envelope e) {
        if (e.target() != Envelope.VISITOR) {
            return;
        }
        if (e.kind() == Envelope.HISTORY_PAGE) {
            HistoryRequests h = history;
            if (h != null) {
                h.answered(e);
            }
            return;
        }
        if (e.kind() == Envelope.RESTORED) {
            Restorer r = restorer;
            if (r instanceof RestoreAnswers answers) {
                answers.answered(e);
            }
            return;
        }
        CompletableFuture<VisitorSession> f = sessions.get(e.id());
        if (e.kind() == Envelope.RESET) {
            // the conversation was restored with a new epoch: a session held here follows the lost log
            if (f != null) {
                f.thenAccept(this::lost);
            }
            return;
        }
        if (f == null) {
            bus.forward(e, env -> registry.holder(env.conversationId()));
            return;
        }
        f.thenAccept(s -> apply(s, e));
    }

    private void apply(VisitorSession s, Envelope e) {
        switch (e.kind()) {
            case Envelope.EVENT -> s.offer(new SeqEvent(e.seq(), e.json()));
            case Envelope.TYPING -> s.ephemeral(e.json());
            case Envelope.MOVED -> {
                if (!e.flag().equals(nodeId) && sessions.remove(e.id()) != null) {
                    s.moved();
                }
            }
            default -> LOG.debug("ignoring envelope kind {}", e.kind());
        }
    }

    /**
     * Renews the registry lease of every session that is followed or was active lately (a few hundred per Redis
     * call), and lets go of the others; a lease that another node holds now means the session moved, and a
     * conversation that is gone or has a new epoch (Redis lost it) means its followers must attach again. Called by
     * the owner's timer.
     */
    public void refreshLeases() {
        long now = System.currentTimeMillis();
        List<VisitorSession> live = new ArrayList<>();
        sessions.forEach((sid, f) -> {
            VisitorSession s = local(sid);
            if (s == null) {
                return;
            }
            if (!s.hasListeners() && now - s.lastActivity() > idleMillis) {
                sessions.remove(sid, f);
                registry.release(s.conversationId(), nodeId);
            } else {
                live.add(s);
            }
        });
        for (int from = 0; from < live.size(); from += LEASE_BATCH) {
            List<VisitorSession> batch = live.subList(from, Math.min(live.size(), from + LEASE_BATCH));
            List<String> convs = batch.stream().map(VisitorSession::conversationId).toList();
            List<String> epochs = batch.stream().map(VisitorSession::epoch).toList();
            registry.renew(convs, epochs, nodeId).whenComplete((held, error) -> {
                if (error != null) {
                    metrics.redisError("lease");
                    return;
                }
                for (int i = 0; i < batch.size(); i++) {
                    VisitorSession s = batch.get(i);
                    CompletableFuture<VisitorSession> f = sessions.get(s.sid());
                    if (!held.get(i) && f != null && sessions.remove(s.sid(), f)) {
                        s.moved();
                    }
                }
            });
        }
    }

    /** After Redis comes back, events published meanwhile may be lost: each feed re-reads its log tail. */
    public void resyncAll() {
        sessions.values().forEach(f -> {
            if (f.isDone() && !f.isCompletedExceptionally()) {
                f.join().feed().resync();
            }
        });
    }

    /** Closes every follower (node shutting down) and releases the leases so that sessions move at once. */
    public CompletableFuture<Void> releaseAll() {
        CompletableFuture<?>[] all = sessions.keySet().stream().map(this::local).filter(s -> s != null)
                .map(s -> registry.release(s.conversationId(), nodeId).exceptionally(e -> false))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(all);
    }
}
