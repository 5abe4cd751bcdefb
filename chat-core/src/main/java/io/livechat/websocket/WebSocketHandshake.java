package io.livechat.websocket;

import io.livechat.http.HttpPipeline;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.flush.FlushConsolidationHandler;

import java.util.function.Supplier;

/**
 * Upgrades an already authorised HTTP request to a WebSocket and swaps the listener's HTTP router for the
 * connection's frame handler. Netty's decoder refuses a frame larger than the body limit (1009) and its validator a
 * text frame that is not UTF-8 (1007); neither closes by itself: {@link JsonFrameHandler} sends the close frame and
 * closes so that it reaches the client ({@link io.livechat.http.LingeringClose}).
 */
public final class WebSocketHandshake {

    private final WebSocketDecoderConfig decoderConfig;
    private final int maxBodyBytes;

    public WebSocketHandshake(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.decoderConfig = WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(maxBodyBytes)
                .allowExtensions(false).closeOnProtocolViolation(false).build();
    }

    /** Callable from any thread; the handshake runs on the channel's event loop. */
    public void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, Supplier<ChannelHandler> handler) {
        req.retain();
        ctx.executor().execute(() -> {
            try {
                handshake(ctx, req, handler);
            } finally {
                req.release();
            }
        });
    }

    private void handshake(ChannelHandlerContext ctx, FullHttpRequest req, Supplier<ChannelHandler> handler) {
        String scheme = req.headers().contains("X-Forwarded-Proto", "https", true) ? "wss" : "ws";
        String url = scheme + "://" + req.headers().get(HttpHeaderNames.HOST) + req.uri();
        WebSocketServerHandshaker hs = new WebSocketServerHandshakerFactory(url, null, decoderConfig)
                .newHandshaker(req);
        if (hs == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        ChannelPipeline p = ctx.pipeline();
        hs.handshake(ctx.channel(), req).addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close();
                return;
            }
            // acks, echoes and deliveries to one socket written in the same event-loop turn leave in one send()
            p.addFirst(HttpPipeline.FLUSH_CONSOLIDATION, new FlushConsolidationHandler(
                    FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
            for (String httpOnly : new String[] {HttpPipeline.MALFORMED, HttpPipeline.HEAD_TIMEOUT,
                    HttpPipeline.HEAD_SEEN}) {
                if (p.get(httpOnly) != null) {
                    p.remove(httpOnly);
                }
            }
            p.addLast(HttpPipeline.WS_UTF8, new Utf8FrameValidator(false));
            p.addLast(HttpPipeline.WS_AGGREGATOR, new WebSocketFrameAggregator(maxBodyBytes));
            p.addLast(HttpPipeline.WS_HANDLER, handler.get());
            p.remove(HttpPipeline.ROUTER);
        });
    }
}
