package io.livechat.it;

import io.livechat.gateway.GatewayNode;
import io.livechat.testsupport.Http;
import io.livechat.testsupport.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CORS is granted only to a site's allowed origins: a foreign origin's preflight gets no grant, and its refusals
 * are readable (a generic {@code *}) without its origin being reflected. Checked with the JDK's HTTP client.
 */
class CorsHeadersIT extends ClusterTestBase {

    static final String SHOP = "http://shop.example";
    static final String EVIL = "http://evil.example";
    static final String ACAO = "Access-Control-Allow-Origin";

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster(Map.of("CHAT_DEMO_ORIGINS", SHOP));
    }

    @Test
    void aForeignOriginsPreflightIsNotGranted() throws Exception {
        GatewayNode g = gateway("gw-a");
        server("srv-1");
        HttpResponse<String> r = preflight(url(g) + "/v1/sessions", EVIL);
        assertEquals(Optional.empty(), r.headers().firstValue(ACAO), "headers: " + r.headers().map());
        assertEquals(Optional.empty(), r.headers().firstValue("Access-Control-Allow-Methods"));
        assertEquals(403, r.statusCode());
    }

    @Test
    void anAllowedOriginsPreflightIsGrantedForThatOriginOnly() throws Exception {
        GatewayNode g = gateway("gw-a");
        server("srv-1");
        HttpResponse<String> r = preflight(url(g) + "/v1/sessions", SHOP);
        assertEquals(204, r.statusCode());
        assertEquals(Optional.of(SHOP), r.headers().firstValue(ACAO));
        assertTrue(r.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
        assertTrue(r.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase()
                .contains("content-type"));
        assertEquals("origin", r.headers().firstValue("Vary").orElse("").toLowerCase());
    }

    @Test
    void refusalsOfAForeignOriginAreReadableWithoutReflectingIt() throws Exception {
        GatewayNode g = gateway("gw-a");
        server("srv-1");
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(url(g) + "/v1/sessions"))
                .header("Origin", EVIL).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"siteKey\":\"demo\"}")));
        assertEquals(403, created.statusCode());
        assertTrue(created.body().contains("\"origin_not_allowed\""), created.body());
        assertEquals(Optional.of("*"), created.headers().firstValue(ACAO));
        HttpResponse<String> status = send(HttpRequest.newBuilder(URI.create(url(g) + "/v1/status?siteKey=demo"))
                .header("Origin", EVIL).GET());
        assertEquals(403, status.statusCode());
        assertEquals(Optional.of("*"), status.headers().firstValue(ACAO));
    }

    @Test
    void anAllowedOriginsAnswersGrantThatOrigin() throws Exception {
        GatewayNode g = gateway("gw-a");
        server("srv-1");
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(url(g) + "/v1/sessions"))
                .header("Origin", SHOP).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"siteKey\":\"demo\"}")));
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(Optional.of(SHOP), created.headers().firstValue(ACAO));
        assertEquals("origin", created.headers().firstValue("Vary").orElse("").toLowerCase());
    }

    private static HttpResponse<String> preflight(String url, String origin) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return Http.CLIENT.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
