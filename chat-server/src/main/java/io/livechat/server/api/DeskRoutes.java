package io.livechat.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.http.HttpRequests;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.livechat.protocol.Json;
import io.livechat.server.store.Agent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Routes the desk's working tools (canned responses, notes and tags, statistics) to their APIs, after the
 * agent's token is checked; kept apart from {@link ServerHttpHandler} so that each tool adds its routes here.
 */
public final class DeskRoutes {

    /**
     * An answer to send.
     *
     * @param status HTTP status
     * @param json   the body, or empty for a 204
     */
    public record Reply(int status, String json) {
    }

    private static final String CANNED = "/api/canned";
    private static final String CONVERSATIONS = "/api/conversations/";

    private final Function<String, CompletableFuture<Agent>> authenticate;
    private final CannedApi canned;
    private final CaseApi cases;
    private final StatsApi stats;

    public DeskRoutes(Function<String, CompletableFuture<Agent>> authenticate, CannedApi canned, CaseApi cases,
                      StatsApi stats) {
        this.authenticate = authenticate;
        this.canned = canned;
        this.cases = cases;
        this.stats = stats;
    }

    /**
     * The answer to a request on one of these routes, or null when the path is not one of them. The body is read
     * here, on the caller's thread, since the request is released after the caller's handler returns.
     */
    public CompletableFuture<Reply> handle(FullHttpRequest req, QueryStringDecoder q, String path) {
        if (path.equals(CANNED) || path.startsWith(CANNED + "/")) {
            return canned(req, q, path.length() > CANNED.length() ? path.substring(CANNED.length() + 1) : null);
        }
        if (path.equals("/api/stats")) {
            requireGet(req);
            String from = HttpRequests.param(q, "from");
            String to = HttpRequests.param(q, "to");
            String by = HttpRequests.param(q, "by");
            return as(req, q, 200, a -> stats.stats(from, to, by));
        }
        if (path.equals("/api/tags")) {
            requireGet(req);
            return as(req, q, 200, a -> cases.allTags());
        }
        if (path.startsWith(CONVERSATIONS) && path.endsWith("/notes")) {
            return notes(req, q, path.substring(CONVERSATIONS.length(), path.length() - "/notes".length()));
        }
        if (path.startsWith(CONVERSATIONS) && path.endsWith("/tags")) {
            return tags(req, q, path.substring(CONVERSATIONS.length(), path.length() - "/tags".length()));
        }
        return null;
    }

    private CompletableFuture<Reply> notes(FullHttpRequest req, QueryStringDecoder q, String conversationId) {
        if (req.method().equals(HttpMethod.GET)) {
            return as(req, q, 200, a -> cases.notes(a, conversationId));
        }
        if (req.method().equals(HttpMethod.POST)) {
            ObjectNode body = body(req);
            return as(req, q, 201, a -> cases.addNote(a, conversationId, body));
        }
        throw new ChatException(ErrorCode.METHOD_NOT_ALLOWED, "use GET or POST");
    }

    private CompletableFuture<Reply> tags(FullHttpRequest req, QueryStringDecoder q, String conversationId) {
        if (req.method().equals(HttpMethod.GET)) {
            return as(req, q, 200, a -> cases.tags(a, conversationId));
        }
        if (req.method().equals(HttpMethod.PUT)) {
            ObjectNode body = body(req);
            return as(req, q, 200, a -> cases.setTags(a, conversationId, body));
        }
        throw new ChatException(ErrorCode.METHOD_NOT_ALLOWED, "use GET or PUT");
    }

    private static void requireGet(FullHttpRequest req) {
        if (!req.method().equals(HttpMethod.GET)) {
            throw new ChatException(ErrorCode.METHOD_NOT_ALLOWED, "use GET");
        }
    }

    private CompletableFuture<Reply> canned(FullHttpRequest req, QueryStringDecoder q, String id) {
        HttpMethod m = req.method();
        if (id == null && m.equals(HttpMethod.GET)) {
            return as(req, q, 200, a -> canned.list(a));
        }
        if (id == null && m.equals(HttpMethod.POST)) {
            ObjectNode body = body(req);
            return as(req, q, 201, a -> canned.create(a, body));
        }
        if (id != null && m.equals(HttpMethod.PUT)) {
            ObjectNode body = body(req);
            return as(req, q, 200, a -> canned.update(a, id, body));
        }
        if (id != null && m.equals(HttpMethod.DELETE)) {
            return as(req, q, 204, a -> canned.delete(a, id));
        }
        throw new ChatException(ErrorCode.METHOD_NOT_ALLOWED,
                id == null ? "use GET or POST" : "use PUT or DELETE");
    }

    static ObjectNode body(FullHttpRequest req) {
        return Json.parseObject(HttpRequests.body(req));
    }

    private CompletableFuture<Reply> as(FullHttpRequest req, QueryStringDecoder q, int status,
                                        Function<Agent, CompletableFuture<String>> action) {
        return authenticate.apply(HttpRequests.token(req, q)).thenCompose(action)
                .thenApply(json -> new Reply(status, json));
    }
}
