package io.livechat.server.api;

import io.livechat.http.HttpRequests;
import io.livechat.http.HttpResponses;
import static io.livechat.http.HttpRequests.param;
import static io.livechat.http.HttpRequests.requireMethod;
import static io.livechat.http.HttpRequests.token;
import io.livechat.http.OpsRoutes;
import io.livechat.http.StaticFiles;
import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.livechat.protocol.Json;
import io.livechat.protocol.Validation;
import io.livechat.server.store.Agent;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Routes the agent listener's HTTP requests: login, conversations, transcripts, the privacy calls, the desk's
 * WebSocket upgrade, the desk's files and the operator endpoints.
 */
@ChannelHandler.Sharable
public final class ServerHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(ServerHttpHandler.class);
    private static final String MESSAGES_PREFIX = "/api/conversations/";

    private final AgentApi api;
    private final PrivacyApi privacy;
    private final DeskUpgrade desk;
    private final OpsRoutes ops;
    private final StaticFiles files;
    private final ChatMetrics metrics;
    private DeskRoutes tools;

    public ServerHttpHandler(AgentApi api, PrivacyApi privacy, DeskUpgrade desk, OpsRoutes ops, StaticFiles files,
                             ChatMetrics metrics) {
        this.api = api;
        this.privacy = privacy;
        this.desk = desk;
        this.ops = ops;
        this.files = files;
        this.metrics = metrics;
    }

    /** Adds the desk's working tools (canned responses, notes, tags, statistics); call before the listener starts. */
    public ServerHttpHandler withTools(DeskRoutes routes) {
        this.tools = routes;
        return this;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        String path = q.path();
        try {
            if (!ops.handle(ctx, req, path)) {
                route(ctx, req, q, path);
            }
        } catch (ChatException e) {
            refuse(ctx, req, e);
        }
    }

    private void route(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder q, String path) {
        CompletableFuture<DeskRoutes.Reply> tool = tools == null ? null : tools.handle(req, q, path);
        if (tool != null) {
            replyTool(ctx, req, tool);
        } else if (path.equals("/api/login")) {
            requireMethod(req, HttpMethod.POST);
            reply(ctx, req, api.login(Json.parseObject(HttpRequests.body(req))), 200);
        } else if (path.equals("/api/queue")) {
            requireMethod(req, HttpMethod.GET);
            withAgent(ctx, req, q, a -> api.queue());
        } else if (path.equals("/api/conversations")) {
            requireMethod(req, HttpMethod.GET);
            withAgent(ctx, req, q, a -> api.conversations(a.id()));
        } else if (path.startsWith(MESSAGES_PREFIX) && path.endsWith("/messages")) {
            requireMethod(req, HttpMethod.GET);
            String conv = path.substring(MESSAGES_PREFIX.length(), path.length() - "/messages".length());
            long after = Validation.cursor(param(q, "after"));
            long before = Validation.cursor(param(q, "before"));
            int limit = (int) Math.min(Integer.MAX_VALUE, Validation.cursor(param(q, "limit")));
            withAgent(ctx, req, q, a -> api.messages(a.id(), conv, after, before, limit == 0 ? 100 : limit));
        } else if (PrivacyApi.matches(path)) {
            reply(ctx, req, privacy.handle(req, path), 200);
        } else if (path.equals("/api/ws-ticket")) {
            requireMethod(req, HttpMethod.POST);
            String token = token(req, q);
            withAgent(ctx, req, q, a -> desk.tickets().issue(token));
        } else if (path.equals("/desk/ws")) {
            requireMethod(req, HttpMethod.GET);
            CompletableFuture<Agent> agentOf = desk.tickets().token(req, q).thenCompose(api::authenticate);
            req.retain();
            agentOf.whenComplete((agent, error) -> {
                try {
                    if (error != null) {
                        refuse(ctx, req, ChatException.from(error));
                    } else {
                        desk.upgrade(ctx, req, agent);
                    }
                } finally {
                    req.release();
                }
            });
        } else if (path.equals("/") || path.equals("/desk")) {
            FullHttpResponse r = HttpResponses.of(302, null, new byte[0]);
            r.headers().set(HttpHeaderNames.LOCATION, "/desk/");
            HttpResponses.send(ctx, req, r);
        } else if (path.startsWith("/desk/") && HttpMethod.GET.equals(req.method())) {
            files.serve(ctx, req, path.endsWith("/") ? path + "index.html" : path);
        } else {
            throw new ChatException(ErrorCode.NOT_FOUND, "no such path " + path);
        }
    }

    private void withAgent(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder q,
                           Function<Agent, CompletableFuture<String>> action) {
        reply(ctx, req, api.authenticate(token(req, q)).thenCompose(action), 200);
    }

    private void reply(ChannelHandlerContext ctx, FullHttpRequest req, CompletableFuture<String> body, int status) {
        req.retain();
        body.whenComplete((json, error) -> {
            try {
                if (error != null) {
                    refuse(ctx, req, ChatException.from(error));
                } else {
                    HttpResponses.send(ctx, req, HttpResponses.json(status, json));
                }
            } finally {
                req.release();
            }
        });
    }

    private void replyTool(ChannelHandlerContext ctx, FullHttpRequest req, CompletableFuture<DeskRoutes.Reply> reply) {
        req.retain();
        reply.whenComplete((r, error) -> {
            try {
                if (error != null) {
                    refuse(ctx, req, ChatException.from(error));
                } else {
                    HttpResponses.send(ctx, req, r.status() == 204 ? HttpResponses.noContent()
                            : HttpResponses.json(r.status(), r.json()));
                }
            } finally {
                req.release();
            }
        });
    }

    private void refuse(ChannelHandlerContext ctx, FullHttpRequest req, ChatException e) {
        metrics.badInput(e.code().code());
        LOG.info("refused {} {}: {}", req.method(), new QueryStringDecoder(req.uri()).path(), e.code().code());
        HttpResponses.send(ctx, req, HttpResponses.error(e));
    }


    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("agent connection failed: {}", cause.toString());
        ctx.close();
    }
}
