package io.livechat.websocket;

import io.livechat.metrics.ChatMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The WebSocket frame handling both tiers share, driven through Netty's EmbeddedChannel. */
class JsonFrameHandlerTest {

    @Test
    void aClientThatDoesNotReadIsNotReadFromEither() {
        JsonFrameHandler handler = new JsonFrameHandler(new ChatMetrics()) {
            @Override
            protected String who() {
                return "test";
            }

            @Override
            protected void onFrame(String type, com.fasterxml.jackson.databind.node.ObjectNode frame, String id) {
            }
        };
        EmbeddedChannel ch = new EmbeddedChannel(handler);
        ch.config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(8, 16));
        ch.write(Unpooled.wrappedBuffer(new byte[64]));
        assertTrue(!ch.isWritable());
        assertTrue(!ch.config().isAutoRead(), "reading stops while the client does not take our answers");
        ch.flush();
        assertTrue(ch.isWritable());
        assertTrue(ch.config().isAutoRead(), "and resumes once it does");
    }

    @Test
    void aFragmentedMessageOverTheLimitIsClosedWith1009() {
        JsonFrameHandler handler = new JsonFrameHandler(new ChatMetrics()) {
            @Override
            protected String who() {
                return "test";
            }

            @Override
            protected void onFrame(String type, com.fasterxml.jackson.databind.node.ObjectNode frame, String id) {
            }
        };
        EmbeddedChannel ch = new EmbeddedChannel(new WebSocketFrameAggregator(16), handler);
        ch.writeInbound(new TextWebSocketFrame(false, 0, "{\"type\":\"ping\","));
        ch.writeInbound(new ContinuationWebSocketFrame(true, 0, "\"pad\":\"xxxxxxxxxx\"}"));
        CloseWebSocketFrame close = ch.readOutbound();
        assertEquals(1009, close.statusCode(), "a close frame saying why, not a bare disconnect (1006)");
        close.release();
        ch.runPendingTasks();
        assertTrue(!ch.isOpen());
    }
}
