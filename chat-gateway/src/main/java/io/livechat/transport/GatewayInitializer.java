package io.livechat.transport;

import io.livechat.http.BodyLimitAggregator;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;

/** Builds the visitor listener's pipeline: HTTP codec, body limit, router (replaced by WebSocket stages on upgrade). */
public final class GatewayInitializer extends ChannelInitializer<SocketChannel> {

    public static final String HTTP_CODEC = "http-codec";
    public static final String AGGREGATOR = "http-aggregator";
    public static final String ROUTER = "visitor-router";

    private final VisitorHttpHandler router;
    private final int maxBodyBytes;
    private final Runnable onOversized;
    private final ChannelGroup channels;

    /** @param channels every accepted connection joins it, so that the node can close them all on stop */
    public GatewayInitializer(VisitorHttpHandler router, int maxBodyBytes, Runnable onOversized,
                              ChannelGroup channels) {
        this.router = router;
        this.channels = channels;
        this.maxBodyBytes = maxBodyBytes;
        this.onOversized = onOversized;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        channels.add(ch);
        ch.pipeline()
                .addLast(HTTP_CODEC, new HttpServerCodec(4096, 8192, 8192))
                .addLast(AGGREGATOR, new BodyLimitAggregator(maxBodyBytes, onOversized))
                .addLast(ROUTER, router);
    }
}
