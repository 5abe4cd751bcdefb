package io.livechat.http;

import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.livechat.protocol.Json;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Reading requests: query parameters, the bearer token (from the {@code Authorization} header only: a token in the
 * URL would land in balancers' access logs), the body as UTF-8, the method check.
 */
public final class HttpRequests {

    private static final String BEARER = "Bearer ";

    private HttpRequests() {
    }

    public static String param(QueryStringDecoder q, String name) {
        List<String> v = q.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /**
     * The token from {@code Authorization: Bearer …}, or null; a {@code token} query parameter is refused with
     * {@code token_in_url} (whatever the header says), so that no client keeps leaking its token into URLs.
     */
    public static String token(HttpRequest req, QueryStringDecoder q) {
        if (q.parameters().containsKey("token")) {
            throw new ChatException(ErrorCode.TOKEN_IN_URL);
        }
        return bearer(req);
    }

    /**
     * Whether the request's bearer token is {@code expected} (the operator's token), compared in constant time so
     * that the answer's timing tells nothing about it; false when either is missing.
     */
    public static boolean hasBearer(HttpRequest req, String expected) {
        String given = bearer(req);
        return !expected.isEmpty() && given != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static String bearer(HttpRequest req) {
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        return auth != null && auth.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? auth.substring(BEARER.length()).trim() : null;
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
