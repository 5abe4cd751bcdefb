package io.livechat.server.desk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.delivery.ConversationFeed;
import io.livechat.delivery.FeedCursor;
import io.livechat.delivery.FeedListener;
import io.livechat.delivery.LogReader;
import io.livechat.delivery.OnLoop;
import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.Frames;
import io.livechat.protocol.Json;
import io.livechat.store.Epoch;
import io.livechat.store.SeqEvent;
import io.livechat.websocket.EventFrames;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The conversations one desk follows, each a {@link ConversationFeed} with a {@link FeedCursor}, owned by the
 * desk's event loop. A conversation is followed from the moment the desk hears of it (an event, an assignment,
 * the hello's list), but nothing of it is written before the desk knows it: its cursor starts when the welcome
 * lists it or right after its {@code assigned} frame. So an event that arrives while the hello is in progress is
 * kept, a conversation assigned during the hello is announced once the welcome is out, and {@code assigned}
 * always precedes a conversation's first message.
 *
 * <p>Every method runs on the desk's event loop.
 */
final class DeskFeeds {

    private static final Logger LOG = LoggerFactory.getLogger(DeskFeeds.class);
    private static final int BATCH = 128;
    /** Events kept per conversation while the desk's socket is slow; older ones are read from the log. */
    private static final int BUFFER = 32;
    private static final long RETRY_MILLIS = 1000;

    private final ChannelHandlerContext ctx;
    private final LogReader log;
    private final Function<String, CompletableFuture<ObjectNode>> describe;
    private final ChatMetrics metrics;
    private final Map<String, Followed> followed = new HashMap<>();
    private boolean welcomed;

    /**
     * @param ctx      the desk's WebSocket handler context (frames are written through it)
     * @param describe the conversation as the desk shows it, null when Redis no longer has it
     */
    DeskFeeds(ChannelHandlerContext ctx, LogReader log, Function<String, CompletableFuture<ObjectNode>> describe,
              ChatMetrics metrics) {
        this.ctx = ctx;
        this.log = log;
        this.describe = describe;
        this.metrics = metrics;
    }

    /** Re-reads every followed conversation's log tail: events published while pub/sub was cut may be lost. */
    void resync() {
        followed.values().forEach(f -> f.feed.resync());
    }

    /** A sequenced event of one of the agent's conversations. */
    void event(String conversationId, long seq, String json) {
        heardOf(conversationId, seq).feed.offer(new SeqEvent(seq, json));
    }

    /** A conversation was assigned to the agent: its messages follow from the log. */
    void assigned(String conversationId) {
        heardOf(conversationId, 0);
    }

    /**
     * Writes the hello's welcome, whose {@code conversations} are the agent's conversations as read at the hello,
     * then delivers each after the desk's cursor ({@code cursors}, 0 when absent) and announces those heard of
     * during the hello that the list misses (assigned after it was read).
     */
    void welcome(ObjectNode welcome, List<ObjectNode> conversations, JsonNode cursors, JsonNode epochs) {
        ctx.write(new TextWebSocketFrame(Json.write(welcome)));
        for (ObjectNode conv : conversations) {
            String id = conv.path("conversationId").asText();
            Followed f = followed.get(id);
            if (f == null) {
                f = create(id, 0);
            }
            long lastSeq = conv.path("lastSeq").asLong();
            f.feed.expect(lastSeq);
            String epoch = conv.path("epoch").asText("");
            f.epoch = epoch;
            if (Epoch.isStale(epochs.path(id).asText(null), epoch)) {
                // the desk's cursor belongs to a log Redis lost: it starts again from the restored one
                ctx.write(new TextWebSocketFrame(Frames.reset(id, epoch, lastSeq)));
                f.start(0);
            } else {
                f.start(Math.max(0, cursors.path(id).asLong(0)));
            }
        }
        welcomed = true;
        for (Map.Entry<String, Followed> e : new ArrayList<>(followed.entrySet())) {
            if (e.getValue().cursor == null && !e.getValue().announcing) {
                announce(e.getKey(), e.getValue());
            }
        }
        ctx.flush();
    }

    /**
     * A followed conversation's log was restored with a new epoch: the desk gets the {@code reset} frame and the
     * restored log from its start, through a new feed (the old one counted seqs of the lost log). One the desk
     * does not know yet is left to its welcome or its {@code assigned} frame, which carry the new epoch.
     */
    void reset(String conversationId, String resetJson) {
        Followed old = followed.get(conversationId);
        JsonNode reset = Json.parseObject(resetJson);
        String epoch = reset.path("epoch").asText();
        if (old == null || old.cursor == null || epoch.equals(old.epoch)) {
            return; // not shown yet, or told already (by the envelope or by this desk's own check)
        }
        old.cursor.stop();
        old.feed.removeListener(old);
        Followed f = create(conversationId, 0);
        f.epoch = epoch;
        ctx.write(new TextWebSocketFrame(resetJson));
        f.feed.expect(reset.path("seq").asLong());
        f.start(0);
        ctx.flush();
    }

    /** The log of a followed conversation holds events up to {@code lastSeq}: the desk gets any it missed. */
    void catchUp(String conversationId, long lastSeq) {
        Followed f = followed.get(conversationId);
        if (f != null && f.cursor != null) {
            f.feed.expect(lastSeq);
        }
    }

    /** The epoch of every conversation the desk shows (known epochs only). */
    Map<String, String> epochs() {
        Map<String, String> out = new HashMap<>();
        followed.forEach((id, f) -> {
            if (f.cursor != null && !f.epoch.isEmpty()) {
                out.put(id, f.epoch);
            }
        });
        return out;
    }

    /** The socket takes writes again: every cursor goes on. */
    void writable() {
        for (Followed f : followed.values()) {
            if (f.cursor != null) {
                f.cursor.pump();
            }
        }
    }

    /** The conversation's state here; one first heard of after the welcome is announced at once. */
    private Followed heardOf(String conversationId, long seq) {
        Followed f = followed.get(conversationId);
        if (f == null) {
            f = create(conversationId, seq);
            if (welcomed) {
                announce(conversationId, f);
            }
        }
        return f;
    }

    private Followed create(String conversationId, long seq) {
        // memory starts just before the event that made us hear of it: what came earlier is in the log
        Followed f = new Followed(new ConversationFeed(conversationId, Math.max(0, seq - 1), List.of(), BUFFER, log,
                ctx.executor(), null));
        followed.put(conversationId, f);
        return f;
    }

    /** Writes {@code assigned} for a conversation the welcome did not list, then delivers it from the start. */
    private void announce(String conversationId, Followed f) {
        f.announcing = true;
        OnLoop.whenComplete(describe.apply(conversationId), ctx.executor(), (conv, error) -> {
            f.announcing = false;
            if (f.cursor != null || followed.get(conversationId) != f || !ctx.channel().isActive()) {
                return;
            }
            if (error != null) {
                metrics.redisError("desk");
                ctx.executor().schedule(() -> {
                    if (f.cursor == null && !f.announcing) {
                        announce(conversationId, f);
                    }
                }, RETRY_MILLIS, TimeUnit.MILLISECONDS);
                return;
            }
            if (conv == null) {
                LOG.info("conversation {} is gone from Redis; not announced", conversationId);
                followed.remove(conversationId, f);
                return;
            }
            f.epoch = conv.path("epoch").asText("");
            ObjectNode frame = Json.object().put("type", "assigned");
            frame.set("conversation", conv);
            ctx.write(new TextWebSocketFrame(Json.write(frame)));
            f.feed.expect(conv.path("lastSeq").asLong());
            f.start(0);
            ctx.flush();
        });
    }

    /** One followed conversation: its feed, and once the desk knows of it, its cursor. */
    private final class Followed implements FeedListener, FeedCursor.Sink {

        final ConversationFeed feed;
        FeedCursor cursor;
        String epoch = "";
        boolean announcing;

        Followed(ConversationFeed feed) {
            this.feed = feed;
            feed.addListener(this);
        }

        /** Delivers everything after {@code after}; a cursor started again (a second hello) replaces the first. */
        void start(long after) {
            if (cursor != null) {
                cursor.stop();
            }
            cursor = new FeedCursor(feed, ctx.executor(), after, this, BATCH, metrics, "desk");
            cursor.pump();
        }

        @Override
        public void onNewEvents() {
            if (cursor != null) {
                cursor.pump(); // the feed's owner is the desk's loop: no hand-over needed
            }
        }

        @Override
        public boolean ready() {
            return EventFrames.ready(ctx);
        }

        @Override
        public void deliver(List<SeqEvent> events, long covered) {
            EventFrames.write(ctx, events, metrics, "desk");
        }
    }
}
