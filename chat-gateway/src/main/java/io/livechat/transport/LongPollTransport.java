package io.livechat.transport;

import io.livechat.delivery.FeedCursor;
import io.livechat.delivery.FeedListener;
import io.livechat.delivery.OnLoop;
import io.livechat.http.HttpResponses;
import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.livechat.protocol.Frames;
import io.livechat.protocol.Json;
import io.livechat.store.Epoch;
import io.livechat.protocol.MessageJson;
import io.livechat.session.VisitorSession;
import io.livechat.store.SeqEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTP long-poll: a poll returns as soon as events after its cursor exist, or empty when the hold expires; a
 * newer poll from the same tab releases the older one. The answer is built and written on the channel's event
 * loop, whichever thread learnt that it is due.
 */
public final class LongPollTransport {

    static final int MAX_EVENTS = 100;
    /** How often an expired hold checks whether the fetch it waits for has landed, and how many times at most. */
    static final long FETCH_CHECK_MILLIS = 250;
    static final int MAX_FETCH_WAITS = 60;

    private final long holdMillis;
    private final ChatMetrics metrics;
    private final AtomicInteger held;

    public LongPollTransport(long holdMillis, ChatMetrics metrics) {
        this.holdMillis = holdMillis;
        this.metrics = metrics;
        this.held = metrics.connections("visitor", "longpoll");
    }

    /**
     * Holds a poll for {@code session} after {@code cursor}; the caller checked the token and the cursor. Called
     * on the channel's event loop.
     */
    public void poll(ChannelHandlerContext ctx, HttpRequest req, VisitorSession session, long cursor, String tab) {
        poll(ctx, req, session, cursor, tab, null);
    }

    /**
     * As above, for a client that says which epoch its cursor belongs to: one of a lost log is answered at once
     * with a {@code reset} event first, followed by the restored log from its start (cursor 0), whatever its cursor.
     */
    public void poll(ChannelHandlerContext ctx, HttpRequest req, VisitorSession session, long cursor, String tab,
                     String epoch) {
        String reset = null;
        if (Epoch.isStale(epoch, session.epoch())) {
            reset = Frames.reset(session.conversationId(), session.epoch(), session.lastSeq());
            cursor = 0;
        } else if (cursor > session.lastSeq()) {
            Cors.send(ctx, req, HttpResponses.error(new ChatException(ErrorCode.CURSOR_AHEAD)));
            return;
        }
        HeldPoll poll = new HeldPoll(ctx, req, session, cursor, tab, reset);
        FeedListener previous = session.replacePoll(tab, poll);
        if (previous instanceof HeldPoll p) {
            p.answerOnItsLoop(true);
        }
        session.addListener(poll);
        held.incrementAndGet();
        poll.timeout = ctx.executor().schedule(poll::expire, holdMillis, TimeUnit.MILLISECONDS);
        ctx.channel().closeFuture().addListener(f -> poll.abandon());
        poll.cursor.pump();
        if (reset != null && session.lastSeq() == 0) {
            poll.finish(List.of(), 0, null, false); // nothing follows the reset: it is not held back
        }
    }

    /** One held request. */
    private final class HeldPoll implements FeedListener, FeedCursor.Sink {

        private final ChannelHandlerContext ctx;
        private final HttpRequest req;
        private final VisitorSession session;
        private final long after;
        private final String tab;
        private final String reset;
        private final FeedCursor cursor;
        // settles the race between the hold timeout, a new event, a newer poll and the client going away: whoever
        // flips it first answers the request, every other path does nothing. All of them run on the channel's
        // event loop now (a newer poll on another connection hands its "superseded" over), so the flag guards
        // order rather than threads; it stays atomic so that no caller has to know that
        private final AtomicBoolean done = new AtomicBoolean();
        private ScheduledFuture<?> timeout;
        private int fetchWaits;

        HeldPoll(ChannelHandlerContext ctx, HttpRequest req, VisitorSession session, long after, String tab,
                 String reset) {
            this.reset = reset;
            this.ctx = ctx;
            this.req = req;
            this.session = session;
            this.after = after;
            this.tab = tab;
            this.cursor = new FeedCursor(session.feed(), ctx.executor(), after, this, MAX_EVENTS, metrics,
                    "longpoll");
        }

        @Override
        public void onNewEvents() {
            cursor.onNewEvents();
        }

        @Override
        public void onEphemeral(String json) {
            OnLoop.run(ctx.executor(), () -> finish(List.of(), 0, json, false));
        }

        @Override
        public void onMoved() {
            answerOnItsLoop(false);
        }

        /**
         * The hold ran out: answered empty, unless the cursor is still fetching what the answer is for (events older
         * than memory, from the log or through the agent tier from PostgreSQL): an empty answer would drop that read,
         * and a client polling again would ask for it again, for ever when the read takes longer than the hold. The
         * answer then waits for the read, which its own timeouts bound (at most {@link #MAX_FETCH_WAITS} checks).
         */
        void expire() {
            if (cursor.fetching() && fetchWaits++ < MAX_FETCH_WAITS) {
                timeout = ctx.executor().schedule(this::expire, FETCH_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                return;
            }
            finish(List.of(), 0, null, false);
        }

        void answerOnItsLoop(boolean superseded) {
            OnLoop.run(ctx.executor(), () -> finish(List.of(), 0, null, superseded));
        }

        @Override
        public boolean ready() {
            return !done.get();
        }

        @Override
        public void deliver(List<SeqEvent> events, long covered) {
            finish(events, covered, null, false);
        }

        /** Answers the request, once; on the channel's event loop. */
        void finish(List<SeqEvent> events, long covered, String ephemeral, boolean superseded) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            release();
            StringBuilder body = new StringBuilder(128 + events.size() * 200).append("{\"events\":[");
            String sep = "";
            if (reset != null) {
                body.append(reset);
                sep = ",";
            }
            for (SeqEvent e : events) {
                body.append(sep).append(e.json());
                sep = ",";
            }
            if (ephemeral != null) {
                body.append(sep).append(ephemeral);
            }
            body.append("],\"cursor\":").append(Math.max(after, covered));
            if (!session.epoch().isEmpty()) {
                body.append(",\"epoch\":").append(Json.write(session.epoch()));
            }
            if (superseded) {
                body.append(",\"superseded\":true");
            }
            body.append('}');
            if (!events.isEmpty()) {
                metrics.messagesOut("longpoll", events.size());
                metrics.delivered(MessageJson.tsOf(events.get(events.size() - 1).json()));
            }
            Cors.send(ctx, req, HttpResponses.json(200, body.toString()));
        }

        void abandon() {
            if (done.compareAndSet(false, true)) {
                release();
            }
        }

        private void release() {
            cursor.stop();
            held.decrementAndGet();
            session.removeListener(this);
            session.removePoll(tab, this);
            ScheduledFuture<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
        }
    }
}
