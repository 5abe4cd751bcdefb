package io.livechat.transport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.gateway.VisitorService;
import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.livechat.protocol.Frames;
import io.livechat.protocol.Json;
import io.livechat.protocol.MessageJson;
import io.livechat.session.CursorReader;
import io.livechat.session.SessionListener;
import io.livechat.session.VisitorSession;
import io.livechat.store.SeqEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A visitor's WebSocket after the upgrade: sends every event after its cursor, in order, as fast as the socket
 * takes them (it pauses while the channel is not writable, so a slow visitor costs a cursor, not a queue), and
 * takes send, typing and ping frames.
 *
 * <p>All state is touched on the channel's event loop only.
 */
public final class WebSocketTransport extends SimpleChannelInboundHandler<WebSocketFrame> implements SessionListener {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketTransport.class);
    private static final int BATCH = 128;
    public static final int CLOSE_MOVED = 4009;

    private final VisitorService visitors;
    private final VisitorSession session;
    private final ChatMetrics metrics;
    private final AtomicInteger open;
    private ChannelHandlerContext ctx;
    private long cursor;
    private boolean reading;

    public WebSocketTransport(VisitorService visitors, VisitorSession session, long cursor) {
        this.visitors = visitors;
        this.session = session;
        this.cursor = cursor;
        this.metrics = visitors.metrics();
        this.open = metrics.connections("visitor", "websocket");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext c) {
        this.ctx = c;
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
        c.fireChannelWritabilityChanged();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext c, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame text) {
            onText(text.text());
        } else if (frame instanceof PingWebSocketFrame) {
            c.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame) {
            c.writeAndFlush(new CloseWebSocketFrame(1000, "bye")).addListener(f -> c.close());
        } else if (!(frame instanceof PongWebSocketFrame)) {
            refuse(new ChatException(ErrorCode.BAD_REQUEST, "only text frames are accepted"), null);
        }
    }

    private void onText(String text) {
        String clientMsgId = null;
        try {
            ObjectNode f = Json.parseObject(text);
            clientMsgId = Json.text(f, "clientMsgId", null);
            switch (Json.text(f, "type", "")) {
                case "send" -> send(Json.text(f, "clientMsgId", null), Json.text(f, "text", null));
                case "typing" -> visitors.typing(session, f.path("typing").asBoolean(false));
                case "ping" -> ctx.writeAndFlush(new TextWebSocketFrame(Frames.PONG));
                default -> throw new ChatException(ErrorCode.UNKNOWN_TYPE,
                        "unknown frame type '" + Json.text(f, "type", "") + "'");
            }
        } catch (ChatException e) {
            refuse(e, clientMsgId);
        }
    }

    private void send(String clientMsgId, String text) {
        visitors.send(session, clientMsgId, text).whenComplete((ack, error) -> {
            if (error != null) {
                refuse(ChatException.from(error), clientMsgId);
            } else {
                ctx.writeAndFlush(new TextWebSocketFrame(ack));
            }
        });
    }

    private void refuse(ChatException e, String clientMsgId) {
        metrics.badInput(e.code().code());
        LOG.info("visitor {} frame refused: {} {}", session.sid(), e.code().code(), e.getMessage());
        ctx.writeAndFlush(new TextWebSocketFrame(Frames.error(e, clientMsgId)));
    }

    @Override
    public void onNewEvents() {
        ctx.executor().execute(this::pump);
    }

    @Override
    public void onEphemeral(String json) {
        ctx.executor().execute(() -> {
            if (ctx.channel().isWritable()) {
                ctx.writeAndFlush(new TextWebSocketFrame(json));
            }
        });
    }

    @Override
    public void onMoved() {
        ctx.executor().execute(() -> ctx.writeAndFlush(new CloseWebSocketFrame(CLOSE_MOVED, "session_moved"))
                .addListener(f -> ctx.close()));
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
        List<SeqEvent> events = read.events();
        if (read.covered() <= cursor) {
            return;
        }
        int n = 0;
        for (SeqEvent e : events) {
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
            metrics.delivered(MessageJson.tsOf(events.get(events.size() - 1).json()));
        }
        pump();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
        LOG.debug("visitor websocket {} failed: {}", session.sid(), cause.toString());
        c.close();
    }
}
