package io.livechat.load.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The generator's event loops and its connect call, which spreads client sockets over several loopback source
 * addresses (127.0.0.1, 127.0.0.2, ...) because one source address has only ~28,000 ephemeral ports.
 */
public final class ClientGroup implements AutoCloseable {

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final int sources;
    private final int firstSource;
    private final AtomicLong next = new AtomicLong();

    /**
     * @param threads event-loop threads of the generator
     * @param sources how many source addresses in 127.0.0.0/8 to bind client sockets to (1 = let the kernel choose)
     */
    public ClientGroup(int threads, int sources) {
        this(threads, sources, 1);
    }

    /**
     * @param firstSource the last byte of the first source address (127.0.0.firstSource), so that several generator
     *                    processes use distinct addresses and each its own ephemeral ports
     */
    public ClientGroup(int threads, int sources, int firstSource) {
        if (sources < 1 || firstSource < 1 || firstSource + sources - 1 > 254) {
            throw new IllegalArgumentException("source addresses must lie in 127.0.0.1..254, got " + sources
                    + " from 127.0.0." + firstSource);
        }
        this.sources = sources;
        this.firstSource = firstSource;
        boolean epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("load-io"),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    }

    public EventLoopGroup group() {
        return group;
    }

    /** Connects to {@code host:port}, building the pipeline with {@code init}; never blocks. */
    public ChannelFuture connect(String host, int port, Consumer<SocketChannel> init) {
        Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                init.accept(ch);
            }
        });
        InetSocketAddress remote = new InetSocketAddress(host, port);
        if (sources == 1 && firstSource == 1) {
            return b.connect(remote);
        }
        int k = (int) (next.getAndIncrement() % sources);
        return b.connect(remote, new InetSocketAddress("127.0.0." + (firstSource + k), 0));
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
