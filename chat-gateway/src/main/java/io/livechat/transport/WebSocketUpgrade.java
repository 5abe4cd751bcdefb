package io.livechat.transport;

import io.livechat.visitor.VisitorService;
import io.livechat.http.HttpResponses;
import io.livechat.http.WsTickets;
import io.livechat.websocket.WebSocketHandshake;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.Frames;
import io.livechat.store.Epoch;
import io.livechat.protocol.ErrorCode;
import io.livechat.session.VisitorSession;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;

/**
 * Turns an authenticated {@code GET /v1/ws} into a visitor WebSocket: refusals (bad token, unknown session,
 * origin, cursor ahead) are answered over plain HTTP before the handshake.
 */
public final class WebSocketUpgrade {

    private final VisitorService visitors;
    private final WebSocketHandshake handshake;
    private final WsTickets tickets;

    public WebSocketUpgrade(VisitorService visitors, int maxBodyBytes, WsTickets tickets) {
        this.visitors = visitors;
        this.handshake = new WebSocketHandshake(maxBodyBytes);
        this.tickets = tickets;
    }

    /** The single-use tickets that carry a visitor's token into the upgrade URL. */
    public WsTickets tickets() {
        return tickets;
    }

    /**
     * Upgrades; a client whose {@code epoch} is that of a lost log gets a {@code reset} frame first and then the
     * restored log from its start, whatever its cursor.
     */
    public void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, VisitorSession session, long after,
                        String epoch) {
        if (Epoch.isStale(epoch, session.epoch())) {
            String reset = Frames.reset(session.conversationId(), session.epoch(), session.lastSeq());
            handshake.upgrade(ctx, req, () -> new WebSocketTransport(visitors, session, 0, reset));
            return;
        }
        if (after > session.lastSeq()) {
            Cors.send(ctx, req, HttpResponses.error(new ChatException(ErrorCode.CURSOR_AHEAD)));
            return;
        }
        handshake.upgrade(ctx, req, () -> new WebSocketTransport(visitors, session, after, null));
    }
}
