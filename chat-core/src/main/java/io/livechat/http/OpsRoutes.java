package io.livechat.http;

import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.livechat.protocol.Json;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;

import java.nio.charset.StandardCharsets;

/**
 * The operator and balancer endpoints every listener answers: {@code /healthz}, {@code /readyz}, {@code /metrics},
 * and {@code POST /admin/drain} and {@code /admin/undrain}. The admin routes take {@code Authorization: Bearer
 * $CHAT_ADMIN_TOKEN} and nothing else (no trust in loopback: a balancer on the same host makes every request come
 * from loopback); without a configured token they do not exist.
 */
public final class OpsRoutes {

    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    private final NodeState state;
    private final ChatMetrics metrics;
    private final String adminToken;

    public OpsRoutes(NodeState state, ChatMetrics metrics, String adminToken) {
        this.state = state;
        this.metrics = metrics;
        this.adminToken = adminToken;
    }

    /** Answers the request if it is one of ours; returns false to let the caller route it. */
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, String path) {
        boolean probe = path.equals("/healthz") || path.equals("/readyz") || path.equals("/metrics");
        if (probe && !HttpMethod.GET.equals(req.method())) {
            HttpResponses.send(ctx, req, HttpResponses.error(ErrorCode.METHOD_NOT_ALLOWED));
            return true;
        }
        switch (path) {
            case "/healthz" -> HttpResponses.send(ctx, req, HttpResponses.json(200,
                    Json.write(Json.object().put("status", "alive").put("node", state.nodeId()))));
            case "/readyz" -> readyz(ctx, req);
            case "/metrics" -> HttpResponses.send(ctx, req, HttpResponses.of(200, PROMETHEUS,
                    metrics.scrape().getBytes(StandardCharsets.UTF_8)));
            case "/admin/drain" -> admin(ctx, req, true);
            case "/admin/undrain" -> admin(ctx, req, false);
            default -> {
                return false;
            }
        }
        return true;
    }

    private void readyz(ChannelHandlerContext ctx, FullHttpRequest req) {
        String reason = state.notReadyReason();
        var body = Json.object().put("node", state.nodeId()).put("status", reason == null ? "ready" : "not_ready");
        if (reason != null) {
            body.put("reason", reason);
        }
        HttpResponses.send(ctx, req, HttpResponses.json(reason == null ? 200 : 503, Json.write(body)));
    }

    private void admin(ChannelHandlerContext ctx, FullHttpRequest req, boolean drain) {
        if (adminToken.isEmpty()) {
            HttpResponses.send(ctx, req, HttpResponses.error(new ChatException(ErrorCode.NOT_FOUND,
                    "admin routes are disabled: set CHAT_ADMIN_TOKEN")));
            return;
        }
        if (!HttpMethod.POST.equals(req.method())) {
            HttpResponses.send(ctx, req, HttpResponses.error(ErrorCode.METHOD_NOT_ALLOWED));
            return;
        }
        if (!authorisedAdmin(req)) {
            HttpResponses.send(ctx, req, HttpResponses.error(ErrorCode.INVALID_TOKEN));
            return;
        }
        if (drain) {
            state.drain();
        } else {
            state.undrain();
        }
        HttpResponses.send(ctx, req, HttpResponses.json(200, Json.write(Json.object().put("node", state.nodeId())
                .put("status", drain ? "draining" : "ready"))));
    }

    private boolean authorisedAdmin(FullHttpRequest req) {
        return HttpRequests.hasBearer(req, adminToken);
    }
}
