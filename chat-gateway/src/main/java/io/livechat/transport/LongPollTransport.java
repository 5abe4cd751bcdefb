package io.livechat.transport;

import io.livechat.http.HttpResponses;
import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.livechat.session.CursorReader;
import io.livechat.session.SessionListener;
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
 * newer poll from the same tab releases the older one.
 */
public final class LongPollTransport {

    static final int MAX_EVENTS = 100;

    private final long holdMillis;
    private final ChatMetrics metrics;
    private final AtomicInteger held;

    public LongPollTransport(long holdMillis, ChatMetrics metrics) {
        this.holdMillis = holdMillis;
        this.metrics = metrics;
        this.held = metrics.connections("visitor", "longpoll");
    }

    /** Holds a poll for {@code session} after {@code cursor}; the caller checked the token and the cursor. */
    public void poll(ChannelHandlerContext ctx, HttpRequest req, VisitorSession session, long cursor, String tab) {
        if (cursor > session.lastSeq()) {
            Cors.send(ctx, req, HttpResponses.error(new ChatException(ErrorCode.CURSOR_AHEAD)));
            return;
        }
        HeldPoll poll = new HeldPoll(ctx, req, session, cursor, tab);
        SessionListener previous = session.replacePoll(tab, poll);
        if (previous instanceof HeldPoll p) {
            p.finish(List.of(), 0, null, true);
        }
        session.addListener(poll);
        held.incrementAndGet();
        poll.timeout = ctx.executor().schedule(() -> poll.finish(List.of(), 0, null, false), holdMillis,
                TimeUnit.MILLISECONDS);
        ctx.channel().closeFuture().addListener(f -> poll.abandon());
        poll.onNewEvents();
    }

    /** One held request. */
    private final class HeldPoll implements SessionListener {

        private final ChannelHandlerContext ctx;
        private final HttpRequest req;
        private final VisitorSession session;
        private final long cursor;
        private final String tab;
        // settles the race between the hold timeout, a new event, a newer poll and the client going away:
        // whoever flips it first answers the request, every other path does nothing
        private final AtomicBoolean done = new AtomicBoolean();
        private final AtomicBoolean reading = new AtomicBoolean();
        private volatile ScheduledFuture<?> timeout;

        HeldPoll(ChannelHandlerContext ctx, HttpRequest req, VisitorSession session, long cursor, String tab) {
            this.ctx = ctx;
            this.req = req;
            this.session = session;
            this.cursor = cursor;
            this.tab = tab;
        }

        @Override
        public void onNewEvents() {
            if (done.get() || !reading.compareAndSet(false, true)) {
                return;
            }
            CursorReader.next(session, cursor, MAX_EVENTS).whenComplete((read, error) -> {
                reading.set(false);
                if (error != null) {
                    metrics.redisError("longpoll");
                    return; // the hold expires and the client polls again
                }
                if (read.covered() > cursor) {
                    finish(read.events(), read.covered(), null, false);
                } else if (session.lastSeq() > cursor) {
                    onNewEvents(); // an event arrived while we were reading
                }
            });
        }

        @Override
        public void onEphemeral(String json) {
            finish(List.of(), 0, json, false);
        }

        @Override
        public void onMoved() {
            finish(List.of(), 0, null, false);
        }

        void finish(List<SeqEvent> events, long covered, String ephemeral, boolean superseded) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            release();
            StringBuilder body = new StringBuilder(64 + events.size() * 200).append("{\"events\":[");
            long last = cursor;
            for (SeqEvent e : events) {
                if (e.seq() > last) {
                    body.append(last == cursor ? "" : ",").append(e.json());
                    last = e.seq();
                }
            }
            if (ephemeral != null) {
                body.append(last == cursor ? "" : ",").append(ephemeral);
            }
            int sent = (int) (last - cursor);
            last = Math.max(last, covered);
            body.append("],\"cursor\":").append(last);
            if (superseded) {
                body.append(",\"superseded\":true");
            }
            body.append('}');
            if (sent > 0) {
                metrics.messagesOut("longpoll", sent);
                metrics.delivered(io.livechat.protocol.MessageJson.tsOf(events.get(events.size() - 1).json()));
            }
            Cors.send(ctx, req, HttpResponses.json(200, body.toString()));
        }

        void abandon() {
            if (done.compareAndSet(false, true)) {
                release();
            }
        }

        private void release() {
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
