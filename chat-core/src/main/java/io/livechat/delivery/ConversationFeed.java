package io.livechat.delivery;

import io.livechat.store.SeqEvent;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One conversation's events as this node learns them, kept in seq order without gaps or duplicates on one event
 * loop, its owner. Pub/sub delivers at most once and in any order: an event is appended when it is the next one,
 * dropped when already seen, and held while the gap before it is read from the log. Connections follow the feed
 * with a {@link FeedCursor} each.
 *
 * <p>State changes happen on the owner loop only (the public entry points hand themselves over to it, so a Redis
 * thread never does more than that hand-over); {@link #eventsAfter} and {@link #lastSeq} may be called from any
 * thread.
 */
public final class ConversationFeed {

    private static final Logger LOG = LoggerFactory.getLogger(ConversationFeed.class);
    private static final long RETRY_MILLIS = 1000;
    private static final long NOTHING = 0;
    private static final long TAIL = -1;

    private final String conversationId;
    private final EventExecutor owner;
    private final LogReader log;
    private final Consumer<SeqEvent> onAppend;
    private final SeqRing ring;
    private static final FeedListener[] NONE = new FeedListener[0];
    // copy on write by hand, because memory per idle feed matters (a CopyOnWriteArraySet costs ~80 B): null, the one
    // follower itself (one tab's connection, the common case), or an array of several
    private volatile Object listeners;
    // owner loop only; memory per idle feed matters (tens of thousands per node): the map is created on demand
    private TreeMap<Long, SeqEvent> pending;
    private boolean filling;
    private long wanted = NOTHING; // a log read asked for beyond pending gaps: TAIL, or up to a seq

    /**
     * @param lastSeq  the conversation's last seq as known now: memory starts after it (older events come from
     *                 the log) unless {@code recent} holds the events that lead up to it
     * @param recent   the newest events, in order (may be empty)
     * @param capacity events kept in memory, a power of two
     * @param onAppend sees each event as it is appended, on the owner loop; null for none
     */
    public ConversationFeed(String conversationId, long lastSeq, List<SeqEvent> recent, int capacity, LogReader log,
                            EventExecutor owner, Consumer<SeqEvent> onAppend) {
        this.conversationId = conversationId;
        this.owner = owner;
        this.log = log;
        this.onAppend = onAppend;
        this.ring = new SeqRing(capacity);
        ring.reset(recent.isEmpty() ? lastSeq : recent.get(0).seq() - 1);
        for (SeqEvent e : recent) {
            if (e.seq() == ring.last() + 1) {
                append(e);
            }
        }
        if (ring.last() < lastSeq) {
            // the log was trimmed or the snapshot raced a send: count up to lastSeq, older events come from the log
            ring.reset(lastSeq);
        }
    }

    public String conversationId() {
        return conversationId;
    }

    /** The event loop that owns this feed. */
    public EventExecutor owner() {
        return owner;
    }

    public LogReader log() {
        return log;
    }

    /** The highest seq this feed has in order; any thread. */
    public long lastSeq() {
        return ring.last();
    }

    /** Up to {@code max} events after {@code cursor}, or the log range to read first; any thread. */
    public EventBatch eventsAfter(long cursor, int max) {
        return ring.after(cursor, max);
    }

    public synchronized void addListener(FeedListener l) {
        FeedListener[] now = listeners();
        for (FeedListener x : now) {
            if (x == l) {
                return;
            }
        }
        if (now.length == 0) {
            listeners = l;
            return;
        }
        FeedListener[] more = Arrays.copyOf(now, now.length + 1);
        more[now.length] = l;
        listeners = more;
    }

    public synchronized void removeListener(FeedListener l) {
        FeedListener[] now = listeners();
        for (int i = 0; i < now.length; i++) {
            if (now[i] == l) {
                FeedListener[] fewer = new FeedListener[now.length - 1];
                System.arraycopy(now, 0, fewer, 0, i);
                System.arraycopy(now, i + 1, fewer, i, now.length - i - 1);
                listeners = fewer.length == 0 ? null : fewer.length == 1 ? fewer[0] : fewer;
                return;
            }
        }
    }

    public boolean hasListeners() {
        return listeners != null;
    }

    /** The followers now, as an array (a new one for a single follower: not for the per-event path). */
    private FeedListener[] listeners() {
        Object now = listeners;
        return now == null ? NONE : now instanceof FeedListener one ? new FeedListener[] {one} : (FeedListener[]) now;
    }

    /** Takes one sequenced event (any thread): duplicates are dropped, gaps read from the log. */
    public void offer(SeqEvent e) {
        OnLoop.run(owner, () -> take(e));
    }

    /**
     * The log holds events up to {@code lastSeq} (from a snapshot read elsewhere); memory catches up with it.
     * A feed that holds nothing yet just starts there, so its cursors read those events from the log.
     */
    public void expect(long lastSeq) {
        OnLoop.run(owner, () -> {
            if (lastSeq <= ring.last()) {
                return;
            }
            if (ring.isEmpty() && !filling && (pending == null || pending.isEmpty())) {
                ring.reset(lastSeq);
                notifyListeners();
                return;
            }
            want(lastSeq);
        });
    }

    /** Re-reads the log after the last seq held: events published while Redis was unreachable may be lost. */
    public void resync() {
        OnLoop.run(owner, () -> want(TAIL));
    }

    /** Passes an unsequenced event to the followers (any thread). */
    public void ephemeral(String json) {
        OnLoop.run(owner, () -> {
            for (FeedListener l : listeners()) {
                l.onEphemeral(json);
            }
        });
    }

    /** Tells the followers that another node holds the conversation's follower now (any thread). */
    public void moved() {
        OnLoop.run(owner, () -> {
            for (FeedListener l : listeners()) {
                l.onMoved();
            }
        });
    }

    private void take(SeqEvent e) {
        long last = ring.last();
        if (e.seq() <= last) {
            return;
        }
        if (e.seq() == last + 1) {
            append(e);
            drainPending();
            notifyListeners();
            return;
        }
        if (pending == null) {
            pending = new TreeMap<>();
        }
        pending.put(e.seq(), e);
        fill();
    }

    private void want(long upto) {
        wanted = merge(wanted, upto);
        fill();
    }

    private static long merge(long a, long b) {
        return a == TAIL || b == TAIL ? TAIL : Math.max(a, b);
    }

    /** Starts one log read, if none is running: the first gap before a pending event, else what was wanted. */
    private void fill() {
        if (filling) {
            return;
        }
        long from = ring.last();
        long upto;
        if (pending != null && !pending.isEmpty()) {
            upto = pending.firstKey() - 1;
        } else if (wanted == TAIL || wanted > from) {
            upto = wanted;
            wanted = NOTHING;
        } else {
            wanted = NOTHING;
            return;
        }
        filling = true;
        OnLoop.whenComplete(log.read(conversationId, from, upto), owner,
                (events, error) -> filled(from, upto, events, error));
    }

    private void filled(long from, long upto, List<SeqEvent> events, Throwable error) {
        filling = false;
        if (error != null) {
            LOG.warn("conversation {}: cannot read ({}, {}] from the log: {}", conversationId, from, upto,
                    error.toString());
            if (upto == TAIL || upto > ring.last()) {
                // read it again later: nothing else would ask for it
                wanted = merge(wanted, upto);
            }
            try {
                owner.schedule(this::fill, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("event loop shutting down: {}", e.toString());
            }
            return;
        }
        long before = ring.last();
        for (SeqEvent e : events) {
            if (e.seq() == ring.last() + 1) {
                append(e);
            }
        }
        if (upto != TAIL && ring.last() < upto) {
            // memory only: a cursor behind this point reads the range from the durable record, or gets a gap frame
            LOG.info("conversation {}: events ({}, {}] are no longer in the log; memory starts after them",
                    conversationId, ring.last(), upto);
            ring.reset(upto);
        }
        drainPending();
        if (ring.last() != before) {
            notifyListeners();
        }
        fill();
    }

    private void append(SeqEvent e) {
        ring.append(e);
        if (onAppend != null) {
            onAppend.accept(e);
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

    private void notifyListeners() {
        Object now = listeners;
        if (now instanceof FeedListener one) {
            one.onNewEvents();
        } else if (now != null) {
            for (FeedListener l : (FeedListener[]) now) {
                l.onNewEvents();
            }
        }
    }
}
