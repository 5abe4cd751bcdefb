package io.livechat.transport;

import io.livechat.delivery.OnLoop;
import io.livechat.visitor.VisitorService;
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
import io.livechat.session.VisitorSession;
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

/**
 * Routes the visitor listener's HTTP requests: sessions, long-poll, send, typing, the WebSocket upgrade, the
 * widget's files and the operator endpoints. Shared by every connection of the listener.
 */
@ChannelHandler.Sharable
public final class VisitorHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(VisitorHttpHandler.class);

    private final VisitorService visitors;
    private final LongPollTransport longPoll;
    private final WebSocketUpgrade upgrade;
    private final OpsRoutes ops;
    private final StaticFiles files;
    private final ChatMetrics metrics;

    public VisitorHttpHandler(VisitorService visitors, LongPollTransport longPoll, WebSocketUpgrade upgrade,
                              OpsRoutes ops, StaticFiles files) {
        this.visitors = visitors;
        this.longPoll = longPoll;
        this.upgrade = upgrade;
        this.ops = ops;
        this.files = files;
        this.metrics = visitors.metrics();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        String path = q.path();
        try {
            if (ops.handle(ctx, req, path)) {
                return;
            }
            if (HttpMethod.OPTIONS.equals(req.method())) {
                preflight(ctx, req);
                return;
            }
            route(ctx, req, q, path);
        } catch (ChatException e) {
            refuse(ctx, req, e);
        }
    }

    private void route(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder q, String path) {
        switch (path) {
            case "/v1/sessions" -> createSession(ctx, req);
            case "/v1/status" -> {
                requireMethod(req, HttpMethod.GET);
                String siteKey = param(q, "siteKey");
                if (siteKey == null) {
                    throw new ChatException(ErrorCode.BAD_REQUEST, "missing siteKey");
                }
                reply(ctx, req, visitors.status(siteKey, req.headers().get(HttpHeaderNames.ORIGIN)), 200);
            }
            case "/v1/poll" -> withSession(ctx, req, q, HttpMethod.GET, s -> longPoll.poll(ctx, req, s,
                    Validation.cursor(param(q, "after")), tab(q), param(q, "epoch")));
            case "/v1/send" -> send(ctx, req, q);
            case "/v1/typing" -> withSession(ctx, req, q, HttpMethod.POST, s -> {
                visitors.typing(s, Json.bool(Json.parseObject(body(req)), "typing"));
                Cors.send(ctx, req, HttpResponses.noContent());
            });
            case "/v1/receipt" -> withSession(ctx, req, q, HttpMethod.POST, s -> {
                var f = Json.parseObject(body(req));
                reply(ctx, req, visitors.receipt(s, Json.text(f, "state"), f.path("seq").asLong(-1))
                        .thenApply(x -> ""), 204);
            });
            case "/v1/rating" -> withSession(ctx, req, q, HttpMethod.POST, s -> {
                var f = Json.parseObject(body(req));
                reply(ctx, req, visitors.rate(s, Json.text(f, "clientMsgId", null), Validation.score(f.get("score")),
                        Json.text(f, "comment", "")), 200);
            });
            case "/v1/ws-ticket" -> withSession(ctx, req, q, HttpMethod.POST,
                    s -> reply(ctx, req, upgrade.tickets().issue(token(req, q)), 200));
            case "/v1/ws" -> webSocket(ctx, req, q);
            case "/", "/demo" -> HttpResponses.send(ctx, req, redirect("/widget/demo.html"));
            default -> {
                if (path.startsWith("/widget/") && HttpMethod.GET.equals(req.method())) {
                    files.serve(ctx, req, path);
                } else {
                    throw new ChatException(ErrorCode.NOT_FOUND, "no such path " + path);
                }
            }
        }
    }

    /** A CORS preflight: granted when some site allows the page's origin (see {@link Cors}). */
    private void preflight(ChannelHandlerContext ctx, FullHttpRequest req) {
        req.retain();
        OnLoop.whenComplete(visitors.preflight(req.headers().get(HttpHeaderNames.ORIGIN)), ctx.executor(),
                (allowed, error) -> {
                    try {
                        if (error != null) {
                            refuse(ctx, req, ChatException.from(error));
                        } else {
                            if (!allowed) {
                                metrics.badInput(ErrorCode.ORIGIN_NOT_ALLOWED.code());
                            }
                            HttpResponses.send(ctx, req, Cors.preflight(req, allowed));
                        }
                    } finally {
                        req.release();
                    }
                });
    }

    private void createSession(ChannelHandlerContext ctx, FullHttpRequest req) {
        requireMethod(req, HttpMethod.POST);
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        reply(ctx, req, visitors.createSession(origin, req.headers().get(HttpHeaderNames.USER_AGENT),
                Json.parseObject(body(req))), 201);
    }

    /** Answers with the JSON {@code json} completes with, built and written on the channel's event loop. */
    private void reply(ChannelHandlerContext ctx, FullHttpRequest req, CompletableFuture<String> json, int status) {
        OnLoop.whenComplete(json, ctx.executor(), (body, error) -> {
            if (error != null) {
                refuse(ctx, req, ChatException.from(error));
            } else if (status == 204) {
                Cors.send(ctx, req, HttpResponses.noContent());
            } else {
                Cors.send(ctx, req, HttpResponses.json(status, body));
            }
        });
    }

    private void send(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder q) {
        String body = body(req);
        withSession(ctx, req, q, HttpMethod.POST, s -> {
            var f = Json.parseObject(body);
            reply(ctx, req, visitors.send(s, Json.text(f, "clientMsgId", null), Json.text(f, "text", null)), 200);
        });
    }

    /** {@code GET /v1/ws}: the token comes from a single-use ticket (or the header), then the session as usual. */
    private void webSocket(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder q) {
        requireMethod(req, HttpMethod.GET);
        req.retain();
        OnLoop.whenComplete(upgrade.tickets().token(req, q), ctx.executor(), (token, error) -> {
            try {
                if (error != null) {
                    refuse(ctx, req, ChatException.from(error));
                } else {
                    withSession(ctx, req, q, token, s -> upgrade.upgrade(ctx, req, s,
                            Validation.cursor(param(q, "after")), param(q, "epoch")));
                }
            } catch (ChatException e) {
                refuse(ctx, req, e);
            } finally {
                req.release();
            }
        });
    }

    private void withSession(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder q, HttpMethod method,
                             SessionAction then) {
        requireMethod(req, method);
        withSession(ctx, req, q, token(req, q), then);
    }

    /**
     * Authenticates the request's session, then runs {@code then} on the channel's event loop (at once when the
     * session was attached already, else when Redis answers).
     */
    private void withSession(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder q, String token,
                             SessionAction then) {
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        CompletableFuture<VisitorSession> session = visitors.authenticate(param(q, "sid"), token, origin,
                ctx.executor());
        req.retain();
        OnLoop.whenComplete(session, ctx.executor(), (s, error) -> {
            try {
                if (error != null) {
                    refuse(ctx, req, ChatException.from(error));
                } else {
                    then.run(s);
                }
            } catch (ChatException e) {
                refuse(ctx, req, e);
            } finally {
                req.release();
            }
        });
    }

    @FunctionalInterface
    private interface SessionAction {
        void run(VisitorSession s);
    }

    private void refuse(ChannelHandlerContext ctx, FullHttpRequest req, ChatException e) {
        metrics.badInput(e.code().code());
        if (e.code() != ErrorCode.UNAVAILABLE) {
            LOG.info("refused {} {}: {} {}", req.method(), new QueryStringDecoder(req.uri()).path(), e.code().code(),
                    e.getMessage());
        }
        Cors.send(ctx, req, HttpResponses.error(e));
    }


    private static String tab(QueryStringDecoder q) {
        String tab = param(q, "tab");
        return tab == null || tab.length() > 64 ? "" : tab;
    }

    private static String body(FullHttpRequest req) {
        return HttpRequests.body(req);
    }

    private static FullHttpResponse redirect(String location) {
        FullHttpResponse r = HttpResponses.of(302, null, new byte[0]);
        r.headers().set(HttpHeaderNames.LOCATION, location);
        return r;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("visitor connection failed: {}", cause.toString());
        ctx.close();
    }
}
