package io.livechat.http;

import io.livechat.protocol.ErrorCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.List;
import java.util.Map;

/**
 * Serves the files of the web-widget module ({@code /web/...} on the classpath), all loaded into memory at
 * startup: gzipped when the client accepts it, with an ETag answered by 304, and cached for a year when asked
 * for by their versioned URL ({@code ?v=<version>}); an unknown path costs nothing to remember.
 */
public final class StaticFiles {

    static final String CACHE_VERSIONED = "public, max-age=31536000, immutable";
    static final String CACHE_UNVERSIONED = "no-cache";

    private final Map<String, StaticAsset> assets;
    private final Map<String, String> extraHeaders;

    /** @param extraHeaders headers added to every HTML answer (for example a Content-Security-Policy) */
    public StaticFiles(Map<String, String> extraHeaders) {
        this(StaticAssets.load(), extraHeaders);
    }

    StaticFiles(Map<String, StaticAsset> assets, Map<String, String> extraHeaders) {
        this.assets = Map.copyOf(assets);
        this.extraHeaders = Map.copyOf(extraHeaders);
    }

    /** The file at {@code path} (below {@code /web}), or null. */
    public StaticAsset asset(String path) {
        return assets.get(path);
    }

    /** Answers {@code path} (already stripped of its query) from memory; 404 when there is no such file. */
    public void serve(ChannelHandlerContext ctx, FullHttpRequest req, String path) {
        StaticAsset a = assets.get(path);
        if (a == null) {
            HttpResponses.send(ctx, req, HttpResponses.error(ErrorCode.NOT_FOUND));
            return;
        }
        boolean gzip = a.gzip() != null && acceptsGzip(req.headers().get(HttpHeaderNames.ACCEPT_ENCODING));
        FullHttpResponse r;
        if (a.matches(req.headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
            r = HttpResponses.of(304, null, new byte[0]);
            r.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
        } else {
            r = HttpResponses.of(200, a.contentType(), gzip ? a.gzip() : a.identity());
            if (gzip) {
                r.headers().set(HttpHeaderNames.CONTENT_ENCODING, "gzip");
            }
        }
        headers(r.headers(), a, path, gzip, versionAsked(req.uri()));
        HttpResponses.send(ctx, req, r);
    }

    private void headers(HttpHeaders h, StaticAsset a, String path, boolean gzip, String version) {
        h.set(HttpHeaderNames.ETAG, a.etag(gzip));
        h.set(HttpHeaderNames.CACHE_CONTROL, a.version().equals(version) ? CACHE_VERSIONED : CACHE_UNVERSIONED);
        if (a.gzip() != null) {
            h.set(HttpHeaderNames.VARY, "Accept-Encoding");
        }
        h.set("X-Content-Type-Options", "nosniff");
        if (path.endsWith(".html")) {
            extraHeaders.forEach(h::set);
        }
        if (path.endsWith(".js")) {
            // the widget script is loaded by customers' pages on other origins
            h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        }
    }

    private static String versionAsked(String uri) {
        List<String> v = new QueryStringDecoder(uri).parameters().get("v");
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Whether an Accept-Encoding header accepts gzip: named (or {@code *}) with a q-value above 0. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        Double gzip = null;
        Double any = null;
        for (String part : acceptEncoding.split(",")) {
            String[] p = part.split(";");
            String name = p[0].strip().toLowerCase(java.util.Locale.ROOT);
            double q = quality(p);
            if (name.equals("gzip") || name.equals("x-gzip")) {
                gzip = q;
            } else if (name.equals("*")) {
                any = q;
            }
        }
        return gzip != null ? gzip > 0 : any != null && any > 0;
    }

    private static double quality(String[] params) {
        for (int i = 1; i < params.length; i++) {
            String kv = params[i].strip();
            if (kv.startsWith("q=") || kv.startsWith("Q=")) {
                try {
                    return Double.parseDouble(kv.substring(2).strip());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
