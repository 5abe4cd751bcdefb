package io.livechat.load;

import io.livechat.load.lb.Balancer;
import io.livechat.load.lb.BalancerConfig;
import io.livechat.load.lb.BalancerKind;
import io.livechat.load.target.InProcessServer;
import io.livechat.load.target.ServerTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped balancer configurations (Debian's HAProxy and nginx, from {@code deploy/}) refuse the nodes' admin
 * routes, with or without the admin token, so that nobody drains a gateway through the balancer; an operator on the
 * node's own port drains it with the token and undrains it, and {@code /readyz} (seen through the balancer) follows.
 */
class AdminThroughBalancerIT {

    private static final String ADMIN_TOKEN = "admin-through-balancer-token";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static InProcessServer server;
    private Balancer balancer;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(BalancerKind.HAPROXY.installed(), "haproxy is not installed (apt-get install -y haproxy)");
        assertTrue(BalancerKind.NGINX.installed(), "nginx is not installed (apt-get install -y nginx)");
        server = new InProcessServer(Map.of("CHAT_ADMIN_TOKEN", ADMIN_TOKEN));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeBalancer() {
        if (balancer != null) {
            balancer.close();
        }
    }

    private static int call(String method, String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @ParameterizedTest
    @EnumSource(value = BalancerKind.class, names = {"HAPROXY", "NGINX"})
    void theBalancerRefusesAdminRoutesAndTheNodeDrainsAndUndrainsWithTheToken(BalancerKind kind) throws Exception {
        balancer = new Balancer(kind, new BalancerConfig.Ports(ServerTarget.freePort(), ServerTarget.freePort(),
                server.gatewayPort(), server.gatewayPort(), server.serverPort()));
        String visitors = "http://127.0.0.1:" + balancer.visitorPort();
        String agents = "http://127.0.0.1:" + balancer.agentPort();
        await().atMost(Duration.ofSeconds(20)).until(() -> call("GET", visitors + "/readyz", null) == 200);
        for (String front : new String[] {visitors, agents}) {
            for (String path : new String[] {"/admin/drain", "/admin/undrain"}) {
                assertEquals(403, call("POST", front + path, null), front + path);
                assertEquals(403, call("POST", front + path, ADMIN_TOKEN), front + path + " with the token");
            }
        }
        assertEquals(200, call("GET", visitors + "/readyz", null), "nothing was drained through the balancer");

        String node = "http://127.0.0.1:" + server.gatewayPort();
        assertEquals(401, call("POST", node + "/admin/drain", null), "the node itself wants the token");
        assertEquals(200, call("POST", node + "/admin/drain", ADMIN_TOKEN));
        assertEquals(503, call("GET", node + "/readyz", null));
        assertEquals(200, call("POST", node + "/admin/undrain", ADMIN_TOKEN));
        assertEquals(200, call("GET", node + "/readyz", null));
        // the balancer's health check brings the node back after its rise count
        await().atMost(Duration.ofSeconds(20)).until(() -> call("GET", visitors + "/readyz", null) == 200);
    }
}
