package io.livechat.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Frees connections whose peer vanished (a phone that lost its network sends no FIN): after a quiet period a
 * WebSocket gets a ping, and a connection still quiet a period later is closed; an idle keep-alive HTTP
 * connection is closed at once. Held long-polls end before the quiet period, so they never trip it.
 *
 * <p>Runs on the channel's event loop.
 */
public final class IdleConnectionHandler extends ChannelDuplexHandler {

    private boolean pinged;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        pinged = false;
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof IdleStateEvent)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        boolean webSocket = ctx.pipeline().get(WebSocketHandshake.WS_HANDLER) != null;
        if (webSocket && !pinged) {
            pinged = true;
            ctx.writeAndFlush(new PingWebSocketFrame());
        } else {
            ctx.close();
        }
    }
}
