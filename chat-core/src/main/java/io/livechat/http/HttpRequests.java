package io.livechat.http;

import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.List;

/** Reading requests: query parameters, the bearer token (header or {@code token} parameter), the method check. */
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

    public static void requireMethod(HttpRequest req, HttpMethod method) {
        if (!method.equals(req.method())) {
            throw new ChatException(ErrorCode.METHOD_NOT_ALLOWED, "use " + method);
        }
    }
}
