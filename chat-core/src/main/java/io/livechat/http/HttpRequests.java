package io.livechat.http;

import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.livechat.protocol.Json;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.List;

/**
 * Reading requests: query parameters, the bearer token (header or {@code token} parameter), the body as UTF-8, the
 * method check.
 */
public final class HttpRequests {

    private HttpRequests() {
    }

    public static String param(QueryStringDecoder q, String name) {
        List<String> v = q.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The token from {@code Authorization: Bearer …}, else from the {@code token} query parameter. */
    public static String token(HttpRequest req, QueryStringDecoder q) {
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        return auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : param(q, "token");
    }

    /** The request body as strict UTF-8 text; {@code bad_json} when it is not UTF-8. */
    public static String body(FullHttpRequest req) {
        return Json.utf8(req.content().nioBuffer());
    }

    public static void requireMethod(HttpRequest req, HttpMethod method) {
        if (!method.equals(req.method())) {
            throw new ChatException(ErrorCode.METHOD_NOT_ALLOWED, "use " + method);
        }
    }
}
