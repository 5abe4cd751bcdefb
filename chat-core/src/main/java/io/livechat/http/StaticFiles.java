package io.livechat.http;

import io.livechat.protocol.ErrorCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Serves the files of the web-widget module from the classpath ({@code /web/...}); a file is read once, off the
 * event loop, and then answered from memory.
 */
public final class StaticFiles {

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "png", "image/png",
            "json", "application/json; charset=utf-8", "ico", "image/x-icon");

    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();
    private final Executor blocking;
    private final Map<String, String> extraHeaders;

    /** @param extraHeaders headers added to every HTML answer (for example a Content-Security-Policy) */
    public StaticFiles(Executor blocking, Map<String, String> extraHeaders) {
        this.blocking = blocking;
        this.extraHeaders = Map.copyOf(extraHeaders);
    }

    /** Answers {@code path} (already stripped of its query) from {@code /web}; 404 when there is no such file. */
    public void serve(ChannelHandlerContext ctx, FullHttpRequest req, String path) {
        if (path.contains("..") || path.contains("//")) {
            HttpResponses.send(ctx, req, HttpResponses.error(ErrorCode.NOT_FOUND));
            return;
        }
        Optional<byte[]> cached = cache.get(path);
        if (cached != null) {
            answer(ctx, req, path, cached);
            return;
        }
        req.retain();
        blocking.execute(() -> {
            Optional<byte[]> body = cache.computeIfAbsent(path, StaticFiles::read);
            ctx.executor().execute(() -> {
                try {
                    answer(ctx, req, path, body);
                } finally {
                    req.release();
                }
            });
        });
    }

    private void answer(ChannelHandlerContext ctx, FullHttpRequest req, String path, Optional<byte[]> body) {
        if (body.isEmpty()) {
            HttpResponses.send(ctx, req, HttpResponses.error(ErrorCode.NOT_FOUND));
            return;
        }
        String ext = path.substring(path.lastIndexOf('.') + 1);
        FullHttpResponse r = HttpResponses.of(200, TYPES.getOrDefault(ext, "application/octet-stream"), body.get());
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        r.headers().set("X-Content-Type-Options", "nosniff");
        if (ext.equals("html")) {
            extraHeaders.forEach((k, v) -> r.headers().set(k, v));
        }
        if (ext.equals("js")) {
            // the widget script is loaded by customers' pages on other origins
            r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        }
        HttpResponses.send(ctx, req, r);
    }

    private static Optional<byte[]> read(String path) {
        try (InputStream in = StaticFiles.class.getResourceAsStream("/web" + path)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
