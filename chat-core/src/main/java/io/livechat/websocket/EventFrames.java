package io.livechat.websocket;

import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.MessageJson;
import io.livechat.store.SeqEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

import java.util.List;

/** Writes sequenced events to a WebSocket as text frames, alike for visitors and desks; on the channel's loop. */
public final class EventFrames {

    private EventFrames() {
    }

    /** Whether the socket takes more now; a cursor pauses while it does not (a slow client costs a cursor). */
    public static boolean ready(ChannelHandlerContext ctx) {
        return ctx.channel().isActive() && ctx.channel().isWritable();
    }

    /** Writes the events in one flush and counts them; the latency recorded is the newest event's. */
    public static void write(ChannelHandlerContext ctx, List<SeqEvent> events, ChatMetrics metrics, String transport) {
        if (events.isEmpty()) {
            return;
        }
        for (SeqEvent e : events) {
            ctx.write(new TextWebSocketFrame(e.json()));
        }
        ctx.flush();
        metrics.messagesOut(transport, events.size());
        metrics.delivered(MessageJson.tsOf(events.get(events.size() - 1).json()));
    }
}
