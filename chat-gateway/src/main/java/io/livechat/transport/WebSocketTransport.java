package io.livechat.transport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.visitor.VisitorService;
import io.livechat.websocket.EventFrames;
import io.livechat.websocket.JsonFrameHandler;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.Json;
import io.livechat.protocol.Validation;
import io.livechat.delivery.FeedCursor;
import io.livechat.delivery.FeedListener;
import io.livechat.session.VisitorSession;
import io.livechat.store.SeqEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A visitor's WebSocket after the upgrade: sends every event after its cursor, in order, as fast as the socket
 * takes them (its {@link FeedCursor} pauses while the channel is not writable, so a slow visitor costs a cursor,
 * not a queue), and takes send and typing frames.
 *
 * <p>The cursor is touched and frames are written on the channel's event loop only.
 */
public final class WebSocketTransport extends JsonFrameHandler implements FeedListener, FeedCursor.Sink {

    private static final int BATCH = 128;

    private final VisitorService visitors;
    private final VisitorSession session;
    private final AtomicInteger open;
    private final long after;
    private final String reset;
    private FeedCursor cursor;

    public WebSocketTransport(VisitorService visitors, VisitorSession session, long after) {
        this(visitors, session, after, null);
    }

    /** @param reset the {@code reset} frame to send first (the client followed a lost log), or null */
    public WebSocketTransport(VisitorService visitors, VisitorSession session, long after, String reset) {
        super(visitors.metrics());
        this.visitors = visitors;
        this.session = session;
        this.after = after;
        this.reset = reset;
        this.open = metrics.connections("visitor", "websocket");
    }

    @Override
    protected String who() {
        return "visitor " + session.sid();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext c) {
        super.handlerAdded(c);
        open.incrementAndGet();
        cursor = new FeedCursor(session.feed(), c.executor(), after, this, BATCH, metrics, "websocket");
        if (reset != null) {
            c.writeAndFlush(new TextWebSocketFrame(reset));
        }
        session.addListener(this);
        cursor.pump();
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
        session.removeListener(this);
        cursor.stop();
        open.decrementAndGet();
        c.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext c) {
        cursor.pump();
        super.channelWritabilityChanged(c);
    }

    @Override
    protected void onFrame(String type, ObjectNode f, String clientMsgId) {
        switch (type) {
            case "send" -> visitors.send(session, clientMsgId, Json.text(f, "text", null))
                    .whenComplete((ack, error) -> {
                        if (error != null) {
                            refuse(ChatException.from(error), clientMsgId);
                        } else {
                            reply(ack);
                        }
                    });
            case "typing" -> visitors.typing(session, Json.bool(f, "typing"));
            case "receipt" -> visitors.receipt(session, Json.text(f, "state"), f.path("seq").asLong(-1))
                    .whenComplete((x, error) -> {
                        if (error != null) {
                            refuse(ChatException.from(error), null);
                        }
                    });
            case "rate" -> visitors.rate(session, clientMsgId, Validation.score(f.get("score")),
                    Json.text(f, "comment", "")).whenComplete((ack, error) -> {
                        if (error != null) {
                            refuse(ChatException.from(error), clientMsgId);
                        } else {
                            reply(ack);
                        }
                    });
            default -> throw unknownType(type);
        }
    }

    @Override
    public void onNewEvents() {
        cursor.onNewEvents();
    }

    @Override
    public void onEphemeral(String json) {
        ephemeralFrame(json);
    }

    @Override
    public void onMoved() {
        closeMoved();
    }

    @Override
    public boolean ready() {
        return EventFrames.ready(ctx);
    }

    @Override
    public void deliver(List<SeqEvent> events, long covered) {
        EventFrames.write(ctx, events, metrics, "websocket");
    }
}
