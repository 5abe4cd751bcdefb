package io.livechat.it;

import io.livechat.gateway.GatewayNode;
import io.livechat.server.ServerNode;
import io.livechat.testsupport.Http;
import io.livechat.testsupport.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The widget and desk files on the wire, read with a stock HTTP client: compression, validators, caching. */
class StaticFilesIT extends ClusterTestBase {

    private static final String YEAR = "public, max-age=31536000, immutable";

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster();
    }

    @Test
    void theWidgetIsGzippedForABrowserThatAcceptsItAndRevalidatesTo304() throws Exception {
        String url = url(gateway("gw-a")) + "/widget/widget.js";
        HttpResponse<byte[]> plain = get(url, Map.of());
        assertEquals(200, plain.statusCode());
        assertTrue(plain.headers().firstValue("Content-Encoding").isEmpty(), "identity without Accept-Encoding");
        assertEquals("Accept-Encoding", plain.headers().firstValue("Vary").orElse(""));
        assertEquals("no-cache", plain.headers().firstValue("Cache-Control").orElse(""));
        String plainTag = plain.headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> gz = get(url, Map.of("Accept-Encoding", "gzip, deflate, br"));
        assertEquals(200, gz.statusCode());
        assertEquals("gzip", gz.headers().firstValue("Content-Encoding").orElse(""));
        assertEquals("Accept-Encoding", gz.headers().firstValue("Vary").orElse(""));
        assertEquals(String.valueOf(gz.body().length), gz.headers().firstValue("Content-Length").orElse(""));
        assertArrayEquals(plain.body(), gunzip(gz.body()));
        assertTrue(gz.body().length * 3 < plain.body().length, gz.body().length + " of " + plain.body().length);
        String gzTag = gz.headers().firstValue("ETag").orElseThrow();
        assertNotEquals(plainTag, gzTag, "each encoding has its own strong validator");

        HttpResponse<byte[]> fresh = get(url, Map.of("Accept-Encoding", "gzip", "If-None-Match", gzTag));
        assertEquals(304, fresh.statusCode());
        assertEquals(0, fresh.body().length);
        assertEquals(gzTag, fresh.headers().firstValue("ETag").orElse(""));
        assertEquals(304, get(url, Map.of("If-None-Match", "\"other\", W/" + plainTag)).statusCode());
        assertEquals(200, get(url, Map.of("If-None-Match", "\"other\"")).statusCode());
        assertTrue(get(url, Map.of("Accept-Encoding", "gzip;q=0, br")).headers()
                .firstValue("Content-Encoding").isEmpty(), "gzip refused with q=0");
    }

    @Test
    void theDemoPageLoadsAVersionedWidgetThatIsCachedForAYear() throws Exception {
        GatewayNode g = gateway("gw-a");
        String page = new String(get(url(g) + "/widget/demo.html", Map.of()).body(), StandardCharsets.UTF_8);
        String versioned = versionedUrl(page, "/widget/widget.js");
        assertTrue(page.contains("&lt;script async src=\"/widget/widget.js\" data-site-key=\"demo\""),
                "the tag shown to site owners stays unversioned");

        HttpResponse<byte[]> r = get(url(g) + versioned, Map.of("Accept-Encoding", "gzip"));
        assertEquals(200, r.statusCode());
        assertEquals(YEAR, r.headers().firstValue("Cache-Control").orElse(""));
        HttpResponse<byte[]> stale = get(url(g) + "/widget/widget.js?v=0ld", Map.of());
        assertEquals("no-cache", stale.headers().firstValue("Cache-Control").orElse(""),
                "an old version's URL is not cached with today's content");
    }

    @Test
    void theDeskPageLoadsVersionedScriptAndStyles() throws Exception {
        ServerNode s = server("srv-1");
        HttpResponse<byte[]> index = get(url(s) + "/desk/", Map.of("Accept-Encoding", "gzip"));
        assertEquals("no-cache", index.headers().firstValue("Cache-Control").orElse(""));
        assertTrue(index.headers().firstValue("Content-Security-Policy").isPresent());
        String page = new String(gunzip(index.body()), StandardCharsets.UTF_8);
        for (String asset : new String[] {"/desk/desk.js", "/desk/desk.css"}) {
            HttpResponse<byte[]> r = get(url(s) + versionedUrl(page, asset), Map.of());
            assertEquals(200, r.statusCode(), asset);
            assertEquals(YEAR, r.headers().firstValue("Cache-Control").orElse(""), asset);
        }
        assertEquals(404, get(url(s) + "/desk/nothing-here.js", Map.of()).statusCode());
    }

    private static String versionedUrl(String page, String path) {
        Matcher m = Pattern.compile("(?:src|href)=\"(" + Pattern.quote(path) + "\\?v=[A-Za-z0-9_-]{8,})\"").matcher(page);
        assertTrue(m.find(), path + " is versioned in " + page);
        return m.group(1);
    }

    private static HttpResponse<byte[]> get(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        headers.forEach(b::header);
        return Http.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }
}
