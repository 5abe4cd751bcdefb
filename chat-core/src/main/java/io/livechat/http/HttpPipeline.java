package io.livechat.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * Builds a listener's whole pipeline: HTTP codec, body limit, malformed requests refused, the listener's router; on a WebSocket upgrade
 * {@code io.livechat.websocket.WebSocketHandshake} replaces the router with the connection's frame handler. Each
 * listening port gets one instance with its own router.
 */
public final class HttpPipeline extends ChannelInitializer<SocketChannel> {

    public static final String IDLE = "idle";
    public static final String HTTP_CODEC = "http-codec";
    public static final String AGGREGATOR = "http-aggregator";
    public static final String MALFORMED = "http-malformed";
    public static final String ROUTER = "router";
    /** Stages a WebSocket upgrade adds ({@code io.livechat.websocket.WebSocketHandshake}). */
    public static final String FLUSH_CONSOLIDATION = "flush-consolidation";
    public static final String WS_UTF8 = "ws-utf8";
    public static final String WS_AGGREGATOR = "ws-aggregator";
    public static final String WS_HANDLER = "ws-handler";

    private final ChannelHandler router;
    private final int maxBodyBytes;
    private final Runnable onOversized;
    private final ChannelGroup channels;
    private final int idleSeconds;

    /**
     * @param router      a sharable handler of {@code FullHttpRequest}s
     * @param onOversized counts a body over the limit
     * @param channels    every accepted connection joins it, so that the node can close them all on stop
     * @param idleSeconds quiet period after which a WebSocket is pinged (and closed if it answers nothing within
     *                    another period), an HTTP connection closed
     */
    public HttpPipeline(ChannelHandler router, int maxBodyBytes, Runnable onOversized, ChannelGroup channels,
                        int idleSeconds) {
        this.router = router;
        this.idleSeconds = idleSeconds;
        this.maxBodyBytes = maxBodyBytes;
        this.onOversized = onOversized;
        this.channels = channels;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        channels.add(ch);
        ch.pipeline()
                .addLast(IDLE, new IdleConnectionHandler(idleSeconds))
                .addLast(HTTP_CODEC, new HttpServerCodec(4096, 8192, 8192))
                .addLast(AGGREGATOR, new BodyLimitAggregator(maxBodyBytes, onOversized))
                .addLast(MALFORMED, MalformedRequestFilter.INSTANCE)
                .addLast(ROUTER, router);
    }
}
