package io.livechat.http;

import io.livechat.config.ChatConfig;
import io.livechat.metrics.ChatMetrics;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * Builds a listener's whole pipeline: per-address cap, header timeout, idle handler, HTTP codec, body limit,
 * malformed requests refused, the listener's router; on a WebSocket upgrade
 * {@code io.livechat.websocket.WebSocketHandshake} replaces the router with the connection's frame handler. Each
 * listening port gets one instance with its own router.
 */
public final class HttpPipeline extends ChannelInitializer<SocketChannel> {

    public static final String PER_ADDRESS = "per-address";
    public static final String HEAD_TIMEOUT = "head-timeout";
    public static final String HEAD_SEEN = "head-seen";
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
    private final int headerTimeoutMs;
    private final PerAddressLimit perAddress;
    private final ChatMetrics metrics;

    /**
     * @param router      a sharable handler of {@code FullHttpRequest}s
     * @param channels    every accepted connection joins it, so that the node can close them all on stop
     * @param config      body limit, idle period (a quiet WebSocket is pinged, then closed if it answers nothing
     *                    within another period; a quiet HTTP connection closed), header timeout, per-address cap
     */
    public HttpPipeline(ChannelHandler router, ChannelGroup channels, ChatConfig config, ChatMetrics metrics) {
        this.router = router;
        this.channels = channels;
        this.metrics = metrics;
        this.idleSeconds = config.idleSeconds();
        this.maxBodyBytes = config.maxBodyBytes();
        this.headerTimeoutMs = config.headerTimeoutMs();
        this.onOversized = () -> metrics.badInput("message_too_large");
        this.perAddress = new PerAddressLimit(config.maxConnectionsPerAddress(), config.connectionLimitExempt(),
                metrics);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        channels.add(ch);
        RequestHeadTimeout head = new RequestHeadTimeout(headerTimeoutMs, metrics);
        ch.pipeline()
                .addLast(PER_ADDRESS, perAddress)
                .addLast(HEAD_TIMEOUT, head.bytes())
                .addLast(IDLE, new IdleConnectionHandler(idleSeconds))
                .addLast(HTTP_CODEC, new HttpServerCodec(4096, 8192, 8192))
                .addLast(HEAD_SEEN, head.heads())
                .addLast(AGGREGATOR, new BodyLimitAggregator(maxBodyBytes, onOversized))
                .addLast(MALFORMED, MalformedRequestFilter.INSTANCE)
                .addLast(ROUTER, router);
    }
}
