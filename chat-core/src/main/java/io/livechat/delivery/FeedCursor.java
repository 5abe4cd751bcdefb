package io.livechat.delivery;

import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.Frames;
import io.livechat.store.SeqEvent;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One connection's place in a {@link ConversationFeed}: it pulls everything after its cursor, from the feed's
 * memory or else from the log, and hands it to the connection in order, each event once, for as long as the
 * connection takes more. A connection that cannot take more (not writable) costs a cursor, not a queue: the pump
 * stops and the next {@link #pump} (writability back, a new event) goes on from the cursor. What the capped log no
 * longer holds comes from the durable record behind it ({@link LogReader#history()}); a range that cannot come
 * from there either is handed over as a {@code gap} frame in its place, never skipped silently.
 *
 * <p>Runs on the connection's event loop: {@link #onNewEvents} hands itself over to it, and a log read's result
 * comes back to it before the cursor moves or anything is written.
 */
public final class FeedCursor implements FeedListener {

    /** Where a cursor's events go. Called on the cursor's event loop. */
    public interface Sink {

        /** Whether the connection takes events now (open and writable, or a poll still waiting). */
        boolean ready();

        /**
         * Events after the cursor, in order and each once (may be empty when the log no longer had them); the
         * cursor stands at {@code covered} afterwards, which is at least the last event's seq.
         */
        void deliver(List<SeqEvent> events, long covered);
    }

    private static final Logger LOG = LoggerFactory.getLogger(FeedCursor.class);
    private static final long RETRY_MILLIS = 1000;

    private final ConversationFeed feed;
    private final EventExecutor loop;
    private final Sink sink;
    private final int batch;
    private final ChatMetrics metrics;
    private final String component;
    private long cursor;
    private boolean reading;
    private boolean stopped;
    private boolean delivering;

    /**
     * @param loop      the connection's event loop
     * @param cursor    the seq the connection has: it gets everything after it
     * @param batch     the most events handed over at once
     * @param component names the connection kind in the Redis error metric
     */
    public FeedCursor(ConversationFeed feed, EventExecutor loop, long cursor, Sink sink, int batch,
                      ChatMetrics metrics, String component) {
        this.feed = feed;
        this.loop = loop;
        this.cursor = cursor;
        this.sink = sink;
        this.batch = batch;
        this.metrics = metrics;
        this.component = component;
    }

    /** The seq of the last event handed over (or of the last gap frame standing for events that could not be). */
    public long position() {
        return cursor;
    }

    /** Called by the feed on its owner loop; the pump runs on the connection's loop. */
    @Override
    public void onNewEvents() {
        OnLoop.run(loop, this::pump);
    }

    /**
     * Hands over what follows the cursor while the connection takes it; on the connection's event loop. A call made
     * from inside a hand-over (the sink's writes can fire a writability change synchronously, and a flush on it makes
     * the channel writable again before the hand-over has written the rest) does nothing: the hand-over's caller
     * pumps on once it returns, so a later batch never overtakes the rest of the current one.
     */
    public void pump() {
        if (delivering) {
            return;
        }
        while (!stopped && !reading && sink.ready()) {
            EventBatch b = feed.eventsAfter(cursor, batch);
            if (b.needsFetch()) {
                readLog(Math.min(b.fetchUpto(), cursor + batch));
                return;
            }
            if (b.events().isEmpty()) {
                return;
            }
            advance(b.events(), b.events().get(b.events().size() - 1).seq());
        }
    }

    /**
     * Whether a read of the log or the durable record is in flight for this cursor (it ends within those reads' own
     * timeouts); on the connection's event loop.
     */
    public boolean fetching() {
        return reading;
    }

    /** Hands nothing more over, even when a log read in flight completes; on the connection's event loop. */
    public void stop() {
        stopped = true;
    }

    private void readLog(long upto) {
        reading = true;
        long from = cursor;
        OnLoop.whenComplete(feed.log().read(feed.conversationId(), from, upto), loop, (events, error) -> {
            if (stopped) {
                reading = false;
                return;
            }
            if (error != null) {
                reading = false;
                metrics.redisError(component);
                retryLater();
                return;
            }
            metrics.gapFill();
            // seqs have no holes: a read that does not start right after the cursor met the log's trimmed start
            long beyond = events.isEmpty() ? upto : events.get(0).seq() - 1;
            if (beyond > from) {
                readHistory(from, beyond, events, upto);
                return;
            }
            reading = false;
            advance(events, upto);
            pump();
        });
    }

    /** {@code (from, beyond]} is older than the log's start: the durable record fills it, else a gap frame. */
    private void readHistory(long from, long beyond, List<SeqEvent> logEvents, long upto) {
        String conversationId = feed.conversationId();
        OnLoop.whenComplete(feed.log().history().read(conversationId, from, beyond, loop), loop, (older, error) -> {
            reading = false;
            if (stopped) {
                return;
            }
            List<SeqEvent> out = new ArrayList<>(logEvents.size() + (int) (beyond - from));
            if (error == null && isWhole(older, from, beyond)) {
                metrics.historyFill(component);
                out.addAll(older);
            } else {
                metrics.historyGap(component);
                LOG.warn("conversation {}: events ({}, {}] are older than the log and the durable record did not "
                        + "give them ({}): the client gets a gap frame", conversationId, from, beyond,
                        error == null ? "incomplete" : error.toString());
                out.add(new SeqEvent(beyond, Frames.gap(conversationId, from, beyond)));
            }
            out.addAll(logEvents);
            advance(out, upto);
            pump();
        });
    }

    /** Whether {@code events} are exactly {@code (from, upto]}, in order. */
    private static boolean isWhole(List<SeqEvent> events, long from, long upto) {
        if (events.size() != upto - from) {
            return false;
        }
        long next = from + 1;
        for (SeqEvent e : events) {
            if (e.seq() != next++) {
                return false;
            }
        }
        return true;
    }

    private void advance(List<SeqEvent> events, long covered) {
        List<SeqEvent> fresh = events.isEmpty() || events.get(0).seq() > cursor ? events
                : events.stream().filter(e -> e.seq() > cursor).toList();
        cursor = Math.max(cursor, covered);
        delivering = true;
        try {
            sink.deliver(fresh, cursor);
        } finally {
            delivering = false;
        }
    }

    private void retryLater() {
        try {
            loop.schedule(this::pump, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            stopped = true; // the loop is shutting down with its connections
        }
    }
}
