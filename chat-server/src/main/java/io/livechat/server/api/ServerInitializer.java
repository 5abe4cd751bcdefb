package io.livechat.server.api;

import io.livechat.http.BodyLimitAggregator;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;

/** Builds the agent listener's pipeline: HTTP codec, body limit, router (replaced by the desk's WebSocket stages). */
public final class ServerInitializer extends ChannelInitializer<SocketChannel> {

    public static final String HTTP_CODEC = "http-codec";
    public static final String AGGREGATOR = "http-aggregator";
    public static final String ROUTER = "agent-router";

    private final ServerHttpHandler router;
    private final int maxBodyBytes;
    private final Runnable onOversized;
    private final ChannelGroup channels;

    public ServerInitializer(ServerHttpHandler router, int maxBodyBytes, Runnable onOversized, ChannelGroup channels) {
        this.router = router;
        this.maxBodyBytes = maxBodyBytes;
        this.onOversized = onOversized;
        this.channels = channels;
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
