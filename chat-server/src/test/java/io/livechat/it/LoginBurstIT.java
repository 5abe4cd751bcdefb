package io.livechat.it;

import io.livechat.protocol.Json;
import io.livechat.server.ServerNode;
import io.livechat.testsupport.Http;
import io.livechat.testsupport.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Logins hash passwords (PBKDF2, 210,000 iterations) on their own bounded executor: a burst of them neither holds
 * up the REST calls that share the JDBC executor, nor piles up without bound (past the queue: {@code 503 busy}).
 */
class LoginBurstIT extends ClusterTestBase {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String base;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster(Map.of());
    }

    @BeforeEach
    void startServer() throws Exception {
        ServerNode srv = server("srv-logins");
        base = url(srv);
    }

    private CompletableFuture<HttpResponse<String>> login() {
        return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/login")).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + DEMO_EMAIL + "\",\"password\":\""
                        + DEMO_PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void restCallsAreServedWhileABurstOfLoginsIsInFlight() throws Exception {
        String token = Http.post(base + "/api/login", "{\"email\":\"" + DEMO_EMAIL + "\",\"password\":\""
                + DEMO_PASSWORD + "\"}").json().path("token").asText();
        int burst = 24; // within the login queue: every one of them is answered 200
        AtomicInteger loginsDone = new AtomicInteger();
        List<CompletableFuture<HttpResponse<String>>> logins = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            logins.add(login().whenComplete((r, e) -> loginsDone.incrementAndGet()));
        }
        List<Integer> doneWhenAnswered = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Http.Reply list = Http.get(base + "/api/conversations", Map.of("Authorization", "Bearer " + token));
            assertEquals(200, list.status(), list.body());
            doneWhenAnswered.add(loginsDone.get());
        }
        CompletableFuture.allOf(logins.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        for (var r : logins) {
            assertEquals(200, r.join().statusCode(), r.join().body());
        }
        assertTrue(doneWhenAnswered.get(2) < burst / 2, "three REST calls were answered while most of the " + burst
                + " logins were still hashing; logins done at each answer: " + doneWhenAnswered);
    }

    @Test
    void loginsBeyondTheQueueAreAnsweredBusyAtOnce() throws Exception {
        int burst = 120;
        List<CompletableFuture<HttpResponse<String>>> logins = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            logins.add(login());
        }
        CompletableFuture.allOf(logins.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
        int ok = 0;
        int busy = 0;
        for (var f : logins) {
            HttpResponse<String> r = f.join();
            if (r.statusCode() == 200) {
                ok++;
            } else {
                assertEquals(503, r.statusCode(), r.body());
                assertEquals("busy", Json.parseObject(r.body()).path("code").asText());
                busy++;
            }
        }
        assertTrue(ok > 0 && busy > 0, "some logged in, the rest were told to retry: ok=" + ok + " busy=" + busy);
    }
}
