package io.livechat.http;

import io.livechat.config.ChatConfig;
import io.livechat.metrics.ChatMetrics;
import io.livechat.runtime.Resources;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** One listening port and the connections it accepted: bound on the shared event loops, closed as a unit. */
public final class HttpListener {

    static final int SEND_BUFFER_BYTES = 64 * 1024;

    private final ChannelGroup channels;
    private final Channel channel;

    private HttpListener(ChannelGroup channels, Channel channel) {
        this.channels = channels;
        this.channel = channel;
    }

    /** Binds {@code host:port} (0 = any free port) with the pipeline of {@link HttpPipeline} around {@code router}. */
    public static HttpListener bind(Resources res, String name, String host, int port, ChannelHandler router,
                                    ChatConfig config) throws InterruptedException {
        ChatMetrics metrics = res.metrics();
        ChannelGroup channels = new DefaultChannelGroup(name, GlobalEventExecutor.INSTANCE);
        ServerBootstrap b = new ServerBootstrap().group(res.boss(), res.workers()).channel(res.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // a bounded kernel send buffer: a client that stops reading makes its channel unwritable after
                // ~64 KB instead of letting the kernel queue megabytes for it
                .childOption(ChannelOption.SO_SNDBUF, SEND_BUFFER_BYTES)
                .childHandler(new HttpPipeline(router, channels, config, metrics));
        return new HttpListener(channels, b.bind(host, port).sync().channel());
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops accepting, tells WebSocket clients to reconnect elsewhere (1001), closes every connection. */
    public void closeGracefully() {
        channel.close().syncUninterruptibly();
        channels.writeAndFlush(new CloseWebSocketFrame(1001, "node_shutdown"),
                ch -> ch.pipeline().get(HttpPipeline.WS_HANDLER) != null);
        channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    /** Drops everything at once, as a dying process would. */
    public void kill() {
        channel.close().syncUninterruptibly();
        channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
