package io.livechat.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * Frees connections whose peer vanished (a phone that lost its network sends no FIN): after a period with no
 * traffic either way a WebSocket gets a ping, and one that sends nothing (not even the pong) for another period
 * is closed, while a client that answers stays connected however long it idles; an idle keep-alive HTTP
 * connection is closed at once. Held long-polls end before the quiet period, so they never trip it. One handler
 * (not an IdleStateHandler plus a listener) because every byte per idle connection counts.
 *
 * <p>Runs on the channel's event loop.
 */
public final class IdleConnectionHandler extends IdleStateHandler {

    private boolean pinged;

    public IdleConnectionHandler(int idleSeconds) {
        super(0, 0, idleSeconds);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        pinged = false;
        super.channelRead(ctx, msg);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        boolean webSocket = ctx.pipeline().get(HttpPipeline.WS_HANDLER) != null;
        if (webSocket && !pinged) {
            pinged = true;
            // From the tail, not ctx: this handler sits at the head, and the WebSocket encoder the upgrade added
            // behind it must turn the frame into bytes (the socket refuses an unencoded frame). Passing through
            // this handler's write also counts the ping as activity, so the close comes a full period after it.
            ctx.channel().writeAndFlush(new PingWebSocketFrame()).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        } else {
            ctx.close();
        }
    }
}
