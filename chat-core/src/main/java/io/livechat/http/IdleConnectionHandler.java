package io.livechat.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * Frees connections whose peer vanished (a phone that lost its network sends no FIN): after a quiet period a
 * WebSocket gets a ping, and a connection still quiet a period later is closed; an idle keep-alive HTTP
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
            ctx.writeAndFlush(new PingWebSocketFrame());
        } else {
            ctx.close();
        }
    }
}
