package io.livechat.websocket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.livechat.protocol.Frames;
import io.livechat.protocol.Json;
import io.livechat.http.LingeringClose;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of a WebSocket connection both tiers share: JSON text frames in, control frames answered, a refused
 * frame answered with an error frame while the connection stays open, and the "moved" close.
 *
 * <p>Frames are read on the channel's event loop.
 */
public abstract class JsonFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(JsonFrameHandler.class);

    /** Close code telling a client that another node holds its session now: reconnect and resume. */
    public static final int CLOSE_MOVED = 4009;

    protected final ChatMetrics metrics;
    protected ChannelHandlerContext ctx;
    private boolean closing;

    protected JsonFrameHandler(ChatMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Stops reading from a client while its socket cannot take more: acks and errors are answers to its frames,
     * so a client that sends without reading would otherwise pile them up in memory.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext c) {
        c.channel().config().setAutoRead(c.channel().isWritable());
        c.fireChannelWritabilityChanged();
    }

    /** Who this connection is, for log lines. */
    protected abstract String who();

    /** Handles one JSON frame of a given type; throws {@link ChatException} to refuse it. */
    protected abstract void onFrame(String type, ObjectNode frame, String clientMsgId);

    @Override
    public void handlerAdded(ChannelHandlerContext c) {
        this.ctx = c;
    }

    @Override
    protected final void channelRead0(ChannelHandlerContext c, WebSocketFrame frame) {
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
            String type = Json.text(f, "type");
            if (type.equals("ping")) {
                ctx.writeAndFlush(new TextWebSocketFrame(Frames.PONG));
            } else {
                onFrame(type, f, clientMsgId);
            }
        } catch (ChatException e) {
            refuse(e, clientMsgId);
        }
    }

    protected static ChatException unknownType(String type) {
        return new ChatException(ErrorCode.UNKNOWN_TYPE, "unknown frame type '" + type + "'");
    }

    /** Answers a refused frame; the connection stays open. Callable from any thread. */
    protected void refuse(ChatException e, String clientMsgId) {
        metrics.badInput(e.code().code());
        LOG.info("{} frame refused: {} {}", who(), e.code().code(), e.getMessage());
        ctx.writeAndFlush(new TextWebSocketFrame(Frames.error(e, clientMsgId)));
    }

    /** Writes a frame that answers a request (an ack); callable from any thread. */
    protected void reply(String json) {
        ctx.writeAndFlush(new TextWebSocketFrame(json));
    }

    /** Passes an unsequenced event (typing) if the socket can take it now; dropped otherwise. */
    protected void ephemeralFrame(String json) {
        ctx.executor().execute(() -> {
            if (ctx.channel().isWritable()) {
                ctx.writeAndFlush(new TextWebSocketFrame(json));
            }
        });
    }

    /** Closes with {@link #CLOSE_MOVED}; callable from any thread. */
    protected void closeMoved() {
        ctx.executor().execute(() -> ctx.writeAndFlush(new CloseWebSocketFrame(CLOSE_MOVED, "session_moved"))
                .addListener(f -> ctx.close()));
    }

    /**
     * A frame over the limit (1009) or a text frame that is not UTF-8 (1007) is answered with its close code; the
     * rest of what the client sends is discarded until it closes too, so that the close frame reaches it.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
        int code = cause instanceof CorruptedWebSocketFrameException corrupt ? corrupt.closeStatus().code()
                : cause instanceof TooLongFrameException ? WebSocketCloseStatus.MESSAGE_TOO_BIG.code() : 0;
        if (code == 0) {
            LOG.debug("{} websocket failed: {}", who(), cause.toString());
            c.close();
        } else if (c.pipeline().get(LingeringClose.NAME) == null && !closing) {
            closing = true;
            metrics.badInput(code == WebSocketCloseStatus.MESSAGE_TOO_BIG.code() ? "message_too_large" : "bad_frame");
            LOG.info("{} websocket closed with {}: {}", who(), code, cause.getMessage());
            c.channel().config().setAutoRead(true);
            LingeringClose.writeAndClose(c, new CloseWebSocketFrame(WebSocketCloseStatus.valueOf(code)));
        }
    }
}
