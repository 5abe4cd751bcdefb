package io.livechat.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.livechat.http.HttpResponses;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;

/**
 * Cross-origin headers for the widget, which runs on customers' pages. CORS is granted (the page's own origin in
 * {@code Access-Control-Allow-Origin}) only to an origin a site allows: every successful visitor answer comes
 * after {@link io.livechat.visitor.VisitorService} checked the origin against the site, and a preflight only
 * when some site allows the origin. An error answer carries the generic {@code *} instead, so that the widget can
 * read why it was refused (the widget sends no credentials, and an error body holds nothing but its code) without
 * the server ever reflecting a foreign origin.
 */
final class Cors {

    private Cors() {
    }

    static FullHttpResponse allow(HttpRequest req, FullHttpResponse r) {
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null) {
            boolean refusal = r.status().code() >= 400;
            r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, refusal ? "*" : origin);
            r.headers().set(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        }
        return r;
    }

    /** Sends an answer to the widget with the cross-origin headers. */
    static void send(ChannelHandlerContext ctx, HttpRequest req, FullHttpResponse r) {
        HttpResponses.send(ctx, req, allow(req, r));
    }

    /** The answer to a preflight: a grant for an origin some site allows, else a refusal without any grant. */
    static FullHttpResponse preflight(HttpRequest req, boolean allowed) {
        if (!allowed) {
            FullHttpResponse r = HttpResponses.error(new ChatException(ErrorCode.ORIGIN_NOT_ALLOWED));
            r.headers().set(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
            return r;
        }
        FullHttpResponse r = allow(req, HttpResponses.noContent());
        r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
        r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type, Authorization");
        r.headers().set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
        return r;
    }
}
