package io.livechat.http;

import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared HTTP stages, driven through Netty's EmbeddedChannel. */
class PipelineTest {

    private static FullHttpResponse answer(EmbeddedChannel ch, FullHttpRequest req) {
        ch.writeInbound(req);
        ch.runPendingTasks();
        return ch.readOutbound();
    }

    @Test
    void anOversizedBodyGetsTheJsonMessageTooLargeError() {
        AtomicInteger counted = new AtomicInteger();
        EmbeddedChannel ch = new EmbeddedChannel(new BodyLimitAggregator(16, counted::incrementAndGet));
        DefaultHttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/send");
        req.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 100);
        ch.writeInbound(req, new DefaultLastHttpContent(Unpooled.copiedBuffer("x".repeat(100), StandardCharsets.UTF_8)));
        FullHttpResponse r = ch.readOutbound();
        assertEquals(413, r.status().code());
        assertEquals("message_too_large",
                Json.parseObject(r.content().toString(StandardCharsets.UTF_8)).path("code").asText());
        assertEquals(1, counted.get());
    }

    @Test
    void anOversizedBodyAnnouncedWithExpectContinueGetsTheJsonErrorInsteadOfAContinue() {
        AtomicInteger counted = new AtomicInteger();
        EmbeddedChannel ch = new EmbeddedChannel(new BodyLimitAggregator(16, counted::incrementAndGet));
        DefaultHttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/send");
        req.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 100);
        req.headers().set(HttpHeaderNames.EXPECT, "100-continue");
        ch.writeInbound(req);
        FullHttpResponse r = ch.readOutbound();
        assertEquals(413, r.status().code());
        assertEquals("message_too_large",
                Json.parseObject(r.content().toString(StandardCharsets.UTF_8)).path("code").asText());
        assertEquals(1, counted.get());
        ch.runPendingTasks();
        assertTrue(!ch.isOpen(), "closed: the body it announced will not be read");
    }

    @Test
    void readinessFollowsDependenciesAndDraining() {
        AtomicBoolean redisUp = new AtomicBoolean(true);
        NodeState state = new NodeState("n1", Map.of("redis", redisUp::get));
        OpsRoutes ops = new OpsRoutes(state, new ChatMetrics(), "");
        EmbeddedChannel ch = new EmbeddedChannel(new HttpObjectAggregator(1024),
                new SimpleChannelInboundHandler<FullHttpRequest>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                        ops.handle(ctx, req, new QueryStringDecoder(req.uri()).path());
                    }
                });
        assertEquals(200, answer(ch, get("/readyz")).status().code());
        redisUp.set(false);
        FullHttpResponse down = answer(ch, get("/readyz"));
        assertEquals(503, down.status().code());
        assertTrue(down.content().toString(StandardCharsets.UTF_8).contains("redis unreachable"));
        redisUp.set(true);
        state.drain();
        assertEquals(503, answer(ch, get("/readyz")).status().code());
        assertEquals(200, answer(ch, get("/healthz")).status().code());
        assertTrue(answer(ch, get("/metrics")).content().toString(StandardCharsets.UTF_8).contains("jvm_memory"));
    }

    @Test
    void theOperatorEndpointsAnswerOnlyGet() {
        OpsRoutes ops = new OpsRoutes(new NodeState("n1", Map.of()), new ChatMetrics(), "");
        EmbeddedChannel ch = new EmbeddedChannel(new HttpObjectAggregator(1024),
                new SimpleChannelInboundHandler<FullHttpRequest>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                        ops.handle(ctx, req, new QueryStringDecoder(req.uri()).path());
                    }
                });
        for (String path : new String[] {"/healthz", "/readyz", "/metrics"}) {
            FullHttpResponse r = answer(ch, new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path));
            assertEquals(405, r.status().code(), path);
            assertEquals("method_not_allowed",
                    Json.parseObject(r.content().toString(StandardCharsets.UTF_8)).path("code").asText());
        }
        assertEquals(200, answer(ch, get("/healthz")).status().code());
    }

    private static FullHttpRequest get(String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    }

    @Test
    void aQuietWebSocketIsPingedThenClosedAndAQuietHttpConnectionClosed() throws Exception {
        IdleConnectionHandler idle = new IdleConnectionHandler(60);
        // the encoder behind the idle handler, as the upgrade places it: the ping must pass through it
        EmbeddedChannel ws = new EmbeddedChannel(idle, new WebSocket13FrameEncoder(false));
        ws.pipeline().addLast(HttpPipeline.WS_HANDLER, new io.netty.channel.ChannelInboundHandlerAdapter());
        var ctx = ws.pipeline().context(idle);
        idle.channelIdle(ctx, io.netty.handler.timeout.IdleStateEvent.ALL_IDLE_STATE_EVENT);
        Object ping = ws.readOutbound();
        assertTrue(ping instanceof ByteBuf b && b.getUnsignedByte(0) == 0x89, "an encoded ping frame, got " + ping);
        io.netty.util.ReferenceCountUtil.release(ping);
        assertTrue(ws.isActive(), "pinged, not closed yet");
        ws.writeInbound(new io.netty.handler.codec.http.websocketx.PongWebSocketFrame());
        idle.channelIdle(ctx, io.netty.handler.timeout.IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertTrue(ws.isActive(), "the pong counted as life: pinged again");
        idle.channelIdle(ctx, io.netty.handler.timeout.IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertTrue(!ws.isActive(), "no answer to the ping: closed");

        IdleConnectionHandler httpIdle = new IdleConnectionHandler(60);
        EmbeddedChannel http = new EmbeddedChannel(httpIdle);
        httpIdle.channelIdle(http.pipeline().context(httpIdle), io.netty.handler.timeout.IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertTrue(!http.isActive());
    }
}
