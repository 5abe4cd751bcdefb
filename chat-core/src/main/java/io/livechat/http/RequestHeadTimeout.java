package io.livechat.http;

import io.livechat.metrics.ChatMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * Bounds the time to a complete request head (slowloris): the clock starts when a connection opens and when the
 * first byte of each later request arrives, stops when the HTTP decoder has the whole head, and a connection whose
 * head is not complete in time is closed. A keep-alive connection waiting for its next request is left to the idle
 * handler. Two stages share this state: {@link #bytes()} before the HTTP codec sees the first byte, {@link #heads()}
 * after it sees the head and the end of each request. Removed on a WebSocket upgrade.
 *
 * <p>Runs on the channel's event loop.
 */
public final class RequestHeadTimeout {

    private final long timeoutMs;
    private final ChatMetrics metrics;
    private ScheduledFuture<?> timer;
    /** Between the end of one request and the first byte of the next: a byte then starts the clock. */
    private boolean betweenRequests;

    public RequestHeadTimeout(long timeoutMs, ChatMetrics metrics) {
        this.timeoutMs = timeoutMs;
        this.metrics = metrics;
    }

    /** The stage in front of the HTTP codec. */
    public ChannelHandler bytes() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                start(ctx);
                ctx.fireChannelActive();
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (betweenRequests && msg instanceof ByteBuf b && b.isReadable()) {
                    betweenRequests = false;
                    start(ctx);
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                stop();
                ctx.fireChannelInactive();
            }

            @Override
            public void handlerRemoved(ChannelHandlerContext ctx) {
                stop();
            }
        };
    }

    /** The stage behind the HTTP codec. */
    public ChannelHandler heads() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest) {
                    stop();
                }
                if (msg instanceof LastHttpContent) {
                    betweenRequests = true;
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    private void start(ChannelHandlerContext ctx) {
        stop();
        timer = ctx.executor().schedule(() -> {
            metrics.badInput("header_timeout");
            ctx.channel().close();
        }, timeoutMs, TimeUnit.MILLISECONDS);
    }

    private void stop() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
