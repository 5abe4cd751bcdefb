package io.livechat.http;

import io.livechat.metrics.ChatMetrics;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps the connections one peer address holds open on a listener; a connection beyond the cap is closed at once,
 * before a byte is read. The address is the TCP peer's, never a header (X-Forwarded-For is only known once a head
 * is complete, and anyone can write it): behind a balancer every connection comes from the balancer, so its
 * addresses are exempt and the per-client cap belongs in the balancer.
 *
 * <p>One instance per listener, shared by its connections' event loops.
 */
@ChannelHandler.Sharable
public final class PerAddressLimit extends ChannelInboundHandlerAdapter {

    private final int max;
    private final Set<InetAddress> exempt;
    private final ChatMetrics metrics;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    /** @param max connections per address, 0 for no cap */
    public PerAddressLimit(int max, Set<InetAddress> exempt, ChatMetrics metrics) {
        this.max = max;
        this.exempt = Set.copyOf(exempt);
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetAddress peer = peer(ctx);
        if (peer == null) {
            ctx.fireChannelActive();
            return;
        }
        // counted before the check, so that the refused connection's channelInactive evens it out
        int now = open.merge(peer, 1, Integer::sum);
        if (now > max) {
            metrics.badInput("too_many_connections");
            ctx.close();
            return;
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        InetAddress peer = peer(ctx);
        if (peer != null) {
            open.computeIfPresent(peer, (a, n) -> n <= 1 ? null : n - 1);
        }
        ctx.fireChannelInactive();
    }

    /** The address counted for this connection, or null when it is not counted. */
    private InetAddress peer(ChannelHandlerContext ctx) {
        if (max <= 0 || !(ctx.channel().remoteAddress() instanceof InetSocketAddress a)
                || exempt.contains(a.getAddress())) {
            return null;
        }
        return a.getAddress();
    }
}
