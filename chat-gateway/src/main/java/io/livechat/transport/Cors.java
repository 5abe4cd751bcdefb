package io.livechat.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.livechat.http.HttpResponses;

/**
 * Cross-origin headers for the widget, which runs on customers' pages. Whether an origin may use a site is
 * decided per request by the site's allowed origins; these headers only let the browser read the answer.
 */
final class Cors {

    private Cors() {
    }

    static FullHttpResponse allow(HttpRequest req, FullHttpResponse r) {
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        // refusals too (403 origin_not_allowed): the page may read why, which changes nothing about the refusal
        if (origin != null) {
            r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            r.headers().set(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        }
        return r;
    }

    /** Sends an answer to the widget with the cross-origin headers. */
    static void send(ChannelHandlerContext ctx, HttpRequest req, FullHttpResponse r) {
        HttpResponses.send(ctx, req, allow(req, r));
    }

    static FullHttpResponse preflight(HttpRequest req) {
        FullHttpResponse r = allow(req, HttpResponses.noContent());
        r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
        r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type, Authorization");
        r.headers().set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
        return r;
    }
}
