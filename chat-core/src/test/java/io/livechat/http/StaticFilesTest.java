package io.livechat.http;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Content negotiation, versioned references and misses of {@link StaticFiles}. */
class StaticFilesTest {

    private final StaticFiles files = new StaticFiles(Map.of());

    @Test
    void gzipIsChosenOnlyWhenTheClientAcceptsIt() {
        assertTrue(StaticFiles.acceptsGzip("gzip, deflate, br, zstd"));
        assertTrue(StaticFiles.acceptsGzip("br;q=1.0, GZIP;q=0.5"));
        assertTrue(StaticFiles.acceptsGzip("*"));
        assertFalse(StaticFiles.acceptsGzip(null));
        assertFalse(StaticFiles.acceptsGzip("identity"));
        assertFalse(StaticFiles.acceptsGzip("gzip;q=0, *"));
        assertFalse(StaticFiles.acceptsGzip("*;q=0"));
        assertFalse(StaticFiles.acceptsGzip("gzip;q=zero"));
    }

    @Test
    void pagesLoadVersionedFilesButShowTheirSampleTagsAsWritten() {
        String html = "<pre>&lt;script src=\"/a.js\"&gt;</pre><script async src=\"/a.js\"></script>"
                + "<link rel=\"stylesheet\" href=\"/b.css\"><script src=\"/unknown.js\"></script>";
        String out = new String(StaticAssets.versionReferences(html.getBytes(StandardCharsets.UTF_8),
                Map.of("/a.js", "AAAA", "/b.css", "BBBB")), StandardCharsets.UTF_8);
        assertEquals("<pre>&lt;script src=\"/a.js\"&gt;</pre><script async src=\"/a.js?v=AAAA\"></script>"
                + "<link rel=\"stylesheet\" href=\"/b.css?v=BBBB\"><script src=\"/unknown.js\"></script>", out);
    }

    @Test
    void everyWebFileIsInMemoryAndUnknownPathsAre404WithoutBeingRemembered() {
        StaticAsset widget = files.asset("/widget/widget.js");
        assertTrue(widget.gzip().length * 3 < widget.identity().length);
        assertTrue(files.asset("/desk/index.html") != null);
        EmbeddedChannel ch = new EmbeddedChannel(new SimpleChannelInboundHandler<FullHttpRequest>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
                files.serve(ctx, req, new QueryStringDecoder(req.uri()).path());
            }
        });
        for (int i = 0; i < 10_000; i++) {
            ch.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/widget/miss-" + i));
            FullHttpResponse r = ch.readOutbound();
            assertEquals(404, r.status().code());
            r.release();
        }
        ch.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/widget/widget.js"));
        FullHttpResponse r = ch.readOutbound();
        assertEquals(new String(widget.identity(), StandardCharsets.UTF_8), r.content().toString(StandardCharsets.UTF_8));
        assertEquals(widget.etag(false), r.headers().get("ETag"));
        r.release();
    }
}
