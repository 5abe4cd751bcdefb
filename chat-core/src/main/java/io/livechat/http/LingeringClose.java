package io.livechat.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * Closes a connection after its last answer (a 413, a 400, a WebSocket close frame) so that the answer reaches the
 * client while the client is still sending: the output is half-closed after the flush (FIN), and what the client
 * sends meanwhile is read and discarded until it closes its side, or until a bound ({@link #MAX_DISCARD_BYTES},
 * {@link #QUIET_MS} without a byte, {@link #TOTAL_MS} in all). Closing at once with unread bytes in the socket would
 * make the kernel send a reset, and a balancer in between (HAProxy) then drops the answer it had not yet forwarded.
 * Apache's and nginx's "lingering close".
 *
 * <p>Runs on the channel's event loop; {@link #writeAndClose} is called there too.
 */
public final class LingeringClose extends ChannelInboundHandlerAdapter {

    public static final String NAME = "lingering-close";
    static final long MAX_DISCARD_BYTES = 16L * 1024 * 1024;
    static final long QUIET_MS = 2_000;
    static final long TOTAL_MS = 10_000;

    private long discarded;
    private ScheduledFuture<?> quiet;
    private ScheduledFuture<?> total;

    private LingeringClose() {
    }

    /** Writes {@code last}, then half-closes and lingers as described above; the message passes {@code ctx}. */
    public static void writeAndClose(ChannelHandlerContext ctx, Object last) {
        ctx.writeAndFlush(last).addListener(f -> {
            if (f.isSuccess()) {
                linger(ctx.channel());
            } else {
                ctx.channel().close();
            }
        });
    }

    /** Half-closes {@code ch} and discards what it still receives, within the bounds, then closes it. */
    public static void linger(Channel ch) {
        if (!ch.isActive() || ch.pipeline().get(NAME) != null) {
            return;
        }
        if (!(ch instanceof DuplexChannel duplex)) {
            ch.close();
            return;
        }
        ch.pipeline().addFirst(NAME, new LingeringClose());
        duplex.shutdownOutput();
        ch.config().setAutoRead(true);
        ch.read();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        total = ctx.executor().schedule(() -> ctx.channel().close(), TOTAL_MS, TimeUnit.MILLISECONDS);
        rearm(ctx);
    }

    private void rearm(ChannelHandlerContext ctx) {
        if (quiet != null) {
            quiet.cancel(false);
        }
        quiet = ctx.executor().schedule(() -> ctx.channel().close(), QUIET_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b) {
            discarded += b.readableBytes();
        }
        ReferenceCountUtil.release(msg);
        if (discarded > MAX_DISCARD_BYTES) {
            ctx.channel().close();
        } else {
            rearm(ctx);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        total.cancel(false);
        quiet.cancel(false);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.channel().close();
    }
}
