package io.livechat.http;

import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.Json;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin routes: only with the configured bearer token, absent without one; a drain can be undone. */
class AdminRoutesTest {

    private static final String TOKEN = "admin-routes-test-token";

    private final NodeState state = new NodeState("n1", Map.of());

    private EmbeddedChannel channel(String adminToken) {
        OpsRoutes ops = new OpsRoutes(state, new ChatMetrics(), adminToken);
        return new EmbeddedChannel(new SimpleChannelInboundHandler<FullHttpRequest>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                ops.handle(ctx, req, new QueryStringDecoder(req.uri()).path());
            }
        });
    }

    private static FullHttpResponse post(EmbeddedChannel ch, String path, String authorization) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path);
        if (authorization != null) {
            req.headers().set(HttpHeaderNames.AUTHORIZATION, authorization);
        }
        ch.writeInbound(req);
        ch.runPendingTasks();
        return ch.readOutbound();
    }

    private static String code(FullHttpResponse r) {
        return Json.parseObject(r.content().toString(StandardCharsets.UTF_8)).path("code").asText();
    }

    @Test
    void drainAndUndrainTakeTheTokenAndReadinessFollows() {
        EmbeddedChannel ch = channel(TOKEN);
        assertEquals(200, post(ch, "/admin/drain", "Bearer " + TOKEN).status().code());
        assertTrue(state.draining());
        assertEquals("draining", state.notReadyReason());
        FullHttpResponse undone = post(ch, "/admin/undrain", "Bearer " + TOKEN);
        assertEquals(200, undone.status().code());
        assertTrue(undone.content().toString(StandardCharsets.UTF_8).contains("\"status\":\"ready\""));
        assertFalse(state.draining());
        assertEquals(null, state.notReadyReason());
    }

    @Test
    void aMissingOrWrongTokenIsRefusedAndChangesNothing() {
        EmbeddedChannel ch = channel(TOKEN);
        for (String auth : new String[] {null, "Bearer wrong", "Bearer " + TOKEN + "x", TOKEN}) {
            FullHttpResponse r = post(ch, "/admin/drain", auth);
            assertEquals(401, r.status().code(), String.valueOf(auth));
            assertEquals("invalid_token", code(r));
        }
        assertFalse(state.draining());
    }

    @Test
    void withoutAConfiguredTokenTheAdminRoutesDoNotExist() {
        EmbeddedChannel ch = channel("");
        for (String path : new String[] {"/admin/drain", "/admin/undrain"}) {
            FullHttpResponse r = post(ch, path, "Bearer ");
            assertEquals(404, r.status().code(), path);
            assertEquals("not_found", code(r));
        }
        assertFalse(state.draining());
    }
}
