package io.livechat.session;

import io.livechat.store.SeqEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * A visitor session live on this node: its recent events in order and the connections following it.
 *
 * <p>Events arrive from pub/sub (at most once, in any order) and from this node's own sends; the session keeps
 * them gap-free by seq, reading any gap from the Redis log, so each connection can be served "everything after
 * S" exactly once and in order. Methods are thread-safe; the lock is held only for in-memory work.
 */
public final class VisitorSession {

    private static final Logger LOG = LoggerFactory.getLogger(VisitorSession.class);
    private static final String CLOSED_MARKER = "\"event\":\"closed\"";

    /** Reads {@code (after, upto]} from the recoverable log; completes on a Redis I/O thread. */
    @FunctionalInterface
    public interface GapReader {
        CompletableFuture<List<SeqEvent>> read(String conversationId, long after, long upto);
    }

    private final String sid;
    private final String conversationId;
    private final String siteKey;
    private final String visitorName;
    private final GapReader gapReader;
    private final SeqRing ring;
    // memory per idle session matters (tens of thousands per node): the rarely used parts are created on demand
    private TreeMap<Long, SeqEvent> pending;
    private final Set<SessionListener> listeners = new CopyOnWriteArraySet<>();
    private Map<String, SessionListener> pollsByTab;
    private boolean filling;
    private long lastClosedSeq;
    private volatile long lastActivity = System.currentTimeMillis();

    public VisitorSession(String sid, String conversationId, String siteKey, String visitorName, long lastSeq,
                          List<SeqEvent> recent, int bufferSize, GapReader gapReader) {
        this.sid = sid;
        this.conversationId = conversationId;
        this.siteKey = siteKey;
        this.visitorName = visitorName;
        this.gapReader = gapReader;
        this.ring = new SeqRing(bufferSize);
        long start = recent.isEmpty() ? lastSeq : recent.get(0).seq() - 1;
        ring.reset(start);
        for (SeqEvent e : recent) {
            if (e.seq() == ring.last() + 1) {
                append(e);
            }
        }
        if (ring.last() < lastSeq) {
            // the log was trimmed or the snapshot raced a send; count up to lastSeq and serve older from Redis
            ring.reset(lastSeq);
        }
    }

    public String sid() {
        return sid;
    }

    public String conversationId() {
        return conversationId;
    }

    public String siteKey() {
        return siteKey;
    }

    public String visitorName() {
        return visitorName;
    }

    public synchronized long lastSeq() {
        return ring.last();
    }

    /** The seq of the latest "conversation closed" event this node has seen, 0 if none. */
    public synchronized long lastClosedSeq() {
        return lastClosedSeq;
    }

    public long lastActivity() {
        return lastActivity;
    }

    public void touch() {
        lastActivity = System.currentTimeMillis();
    }

    public void addListener(SessionListener l) {
        listeners.add(l);
        touch();
    }

    public void removeListener(SessionListener l) {
        listeners.remove(l);
        touch();
    }

    public boolean hasListeners() {
        return !listeners.isEmpty();
    }

    /** Registers the held poll of a tab and returns the one it replaces, if any. */
    public synchronized SessionListener replacePoll(String tab, SessionListener poll) {
        if (pollsByTab == null) {
            pollsByTab = new HashMap<>(4);
        }
        return pollsByTab.put(tab, poll);
    }

    public synchronized void removePoll(String tab, SessionListener poll) {
        if (pollsByTab != null) {
            pollsByTab.remove(tab, poll);
        }
    }

    /** Takes one sequenced event; duplicates are ignored and gaps are read from the log. */
    public void offer(SeqEvent e) {
        long fillFrom;
        long fillUpto;
        synchronized (this) {
            if (e.seq() <= ring.last()) {
                return;
            }
            if (e.seq() == ring.last() + 1) {
                append(e);
                drainPending();
                fillFrom = -1;
                fillUpto = -1;
            } else {
                if (pending == null) {
                    pending = new TreeMap<>();
                }
                pending.put(e.seq(), e);
                if (filling) {
                    return;
                }
                filling = true;
                fillFrom = ring.last();
                fillUpto = pending.firstKey() - 1;
            }
        }
        if (fillFrom >= 0) {
            fillGap(fillFrom, fillUpto);
        } else {
            notifyListeners();
        }
    }

    private void fillGap(long from, long upto) {
        gapReader.read(conversationId, from, upto).whenComplete((events, error) -> {
            synchronized (this) {
                filling = false;
                if (error != null) {
                    LOG.warn("session {}: cannot read ({}, {}] from the log: {}", sid, from, upto, error.toString());
                    return;
                }
                for (SeqEvent e : events) {
                    if (e.seq() == ring.last() + 1) {
                        append(e);
                    }
                }
                if (pending != null && !pending.isEmpty() && pending.firstKey() > ring.last() + 1) {
                    LOG.warn("session {}: events ({}, {}) are gone from the log; skipping them", sid, ring.last(),
                            pending.firstKey());
                    ring.reset(pending.firstKey() - 1);
                }
                drainPending();
            }
            notifyListeners();
        });
    }

    private void append(SeqEvent e) {
        ring.append(e);
        if (e.json().contains(CLOSED_MARKER)) {
            lastClosedSeq = e.seq();
        }
    }

    private void drainPending() {
        while (pending != null && !pending.isEmpty() && pending.firstKey() <= ring.last() + 1) {
            SeqEvent next = pending.pollFirstEntry().getValue();
            if (next.seq() == ring.last() + 1) {
                append(next);
            }
        }
    }

    /** Up to {@code max} events after {@code cursor}, or the log range to read first. */
    public synchronized EventBatch eventsAfter(long cursor, int max) {
        if (cursor >= ring.last()) {
            return EventBatch.EMPTY;
        }
        if (cursor + 1 < ring.first()) {
            return new EventBatch(List.of(), ring.first() - 1);
        }
        return new EventBatch(ring.after(cursor, max), 0);
    }

    public void ephemeral(String json) {
        for (SessionListener l : listeners) {
            l.onEphemeral(json);
        }
    }

    public void moved() {
        for (SessionListener l : listeners) {
            l.onMoved();
        }
    }

    private void notifyListeners() {
        for (SessionListener l : listeners) {
            l.onNewEvents();
        }
    }

    public GapReader gapReader() {
        return gapReader;
    }
}
