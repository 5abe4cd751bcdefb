package io.livechat.transport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.visitor.VisitorService;
import io.livechat.websocket.JsonFrameHandler;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.Json;
import io.livechat.protocol.MessageJson;
import io.livechat.protocol.Validation;
import io.livechat.session.CursorReader;
import io.livechat.session.SessionListener;
import io.livechat.session.VisitorSession;
import io.livechat.store.SeqEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A visitor's WebSocket after the upgrade: sends every event after its cursor, in order, as fast as the socket
 * takes them (it pauses while the channel is not writable, so a slow visitor costs a cursor, not a queue), and
 * takes send and typing frames.
 *
 * <p>The cursor and read state are touched on the channel's event loop only.
 */
public final class WebSocketTransport extends JsonFrameHandler implements SessionListener {

    private static final int BATCH = 128;

    private final VisitorService visitors;
    private final VisitorSession session;
    private final AtomicInteger open;
    private long cursor;
    private boolean reading;

    public WebSocketTransport(VisitorService visitors, VisitorSession session, long cursor) {
        super(visitors.metrics());
        this.visitors = visitors;
        this.session = session;
        this.cursor = cursor;
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
        session.addListener(this);
        pump();
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
        session.removeListener(this);
        open.decrementAndGet();
        c.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext c) {
        pump();
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
            case "typing" -> visitors.typing(session, f.path("typing").asBoolean(false));
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
        ctx.executor().execute(this::pump);
    }

    @Override
    public void onEphemeral(String json) {
        ephemeralFrame(json);
    }

    @Override
    public void onMoved() {
        closeMoved();
    }

    /** Writes what follows the cursor while the socket is writable; called on the event loop. */
    private void pump() {
        if (reading || !ctx.channel().isActive() || !ctx.channel().isWritable()) {
            return;
        }
        reading = true;
        CursorReader.next(session, cursor, BATCH).whenComplete((read, error) -> {
            if (ctx.executor().inEventLoop()) {
                write(read, error);
            } else {
                ctx.executor().execute(() -> write(read, error));
            }
        });
    }

    private void write(CursorReader.Read read, Throwable error) {
        reading = false;
        if (error != null) {
            metrics.redisError("websocket");
            ctx.executor().schedule(this::pump, 1, TimeUnit.SECONDS);
            return;
        }
        if (read.covered() <= cursor) {
            return;
        }
        int n = 0;
        for (SeqEvent e : read.events()) {
            if (e.seq() > cursor) {
                ctx.write(new TextWebSocketFrame(e.json()));
                cursor = e.seq();
                n++;
            }
        }
        cursor = Math.max(cursor, read.covered());
        ctx.flush();
        if (n > 0) {
            metrics.messagesOut("websocket", n);
            metrics.delivered(MessageJson.tsOf(read.events().get(read.events().size() - 1).json()));
        }
        pump();
    }
}
