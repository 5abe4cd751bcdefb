package io.livechat.it;

import io.livechat.gateway.GatewayNode;
import io.livechat.security.TokenService;
import io.livechat.server.ServerNode;
import io.livechat.testsupport.Http;
import io.livechat.testsupport.TestCluster;
import io.livechat.testsupport.TestVisitor;
import io.livechat.testsupport.Transport;
import io.livechat.testsupport.WsClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.WebSocketHandshakeException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each bad input gets its documented answer and leaves the node and every other session untouched. */
class BadInputIT extends ClusterTestBase {

    private static final String ADMIN_TOKEN = "bad-input-admin-token";

    private GatewayNode gw;
    private String base;
    private TestVisitor bystander;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster(Map.of("CHAT_MAX_MESSAGE_CHARS", "100", "CHAT_MAX_BODY_BYTES", "4096",
                "CHAT_ADMIN_TOKEN", ADMIN_TOKEN));
    }

    @BeforeEach
    void startNodes() throws Exception {
        gw = gateway("gw-bad");
        server("srv-bad");
        base = url(gw);
        bystander = track(TestVisitor.create(base, "demo")).follow(base, Transport.WEBSOCKET);
    }

    /** The node still serves another session normally after the bad input. */
    private void bystanderUnharmed() {
        String id = "ok-" + System.nanoTime();
        assertEquals(200, bystander.send(id, "still fine").status());
        await().atMost(AWAIT).until(() -> bystander.shownTexts().contains("still fine"));
    }

    private static int upgradeStatus(String url) {
        CompletionException e = assertThrows(CompletionException.class, () -> WsClient.connect(url));
        assertTrue(e.getCause() instanceof WebSocketHandshakeException, "refused before the upgrade: " + e);
        return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    @Test
    void malformedJsonIsRefusedWithBadJson() {
        TestVisitor v = track(TestVisitor.create(base, "demo")).follow(base, Transport.WEBSOCKET);
        Http.Reply r = Http.post(base + "/v1/send?" + v.query(), "{\"clientMsgId\": ", v.auth());
        assertEquals(400, r.status());
        assertEquals("bad_json", r.code());
        v.sendFrame("{not json");
        await().atMost(AWAIT).until(() -> !v.ws().frames("error").isEmpty());
        assertEquals("bad_json", v.ws().frames("error").get(0).path("code").asText());
        v.sendFrame("{\"type\":\"send\",\"clientMsgId\":\"after-bad\",\"text\":\"connection stays open\"}");
        await().atMost(AWAIT).until(() -> v.shownTexts().contains("connection stays open"));
        bystanderUnharmed();
    }

    @Test
    void unknownFrameTypeAndPathAreRefused() {
        TestVisitor v = track(TestVisitor.create(base, "demo")).follow(base, Transport.WEBSOCKET);
        v.sendFrame("{\"type\":\"teleport\"}");
        await().atMost(AWAIT).until(() -> !v.ws().frames("error").isEmpty());
        assertEquals("unknown_type", v.ws().frames("error").get(0).path("code").asText());
        Http.Reply r = Http.get(base + "/v1/nothing-here");
        assertEquals(404, r.status());
        assertEquals("not_found", r.code());
        bystanderUnharmed();
    }

    @ParameterizedTest
    @MethodSource("transports")
    void oversizedMessagesAreRefused(Transport transport) {
        TestVisitor v = track(TestVisitor.create(base, "demo")).follow(base, transport);
        String tooLong = "x".repeat(101);
        if (transport == Transport.WEBSOCKET) {
            v.sendFrame("{\"type\":\"send\",\"clientMsgId\":\"big\",\"text\":\"" + tooLong + "\"}");
            await().atMost(AWAIT).until(() -> !v.ws().frames("error").isEmpty());
            assertEquals("message_too_large", v.ws().frames("error").get(0).path("code").asText());
            assertEquals("big", v.ws().frames("error").get(0).path("clientMsgId").asText());
            v.sendFrame("{\"type\":\"send\",\"clientMsgId\":\"huge\",\"text\":\"" + "y".repeat(5000) + "\"}");
            assertEquals(1009, v.ws().closed().join(), "a frame over the body limit closes with 1009");
        } else {
            Http.Reply r = v.send("big", tooLong);
            assertEquals(413, r.status());
            assertEquals("message_too_large", r.code());
            Http.Reply body = Http.post(base + "/v1/send?" + v.query(), "{\"text\":\"" + "y".repeat(5000) + "\"}",
                    v.auth());
            assertEquals(413, body.status());
            assertEquals("message_too_large", body.code());
        }
        bystanderUnharmed();
    }

    @Test
    void forgedExpiredAndForeignTokensAreRefused() {
        TestVisitor v = track(TestVisitor.create(base, "demo"));
        String forged = v.token.substring(0, v.token.length() - 2) + "AA";
        Http.Reply r = Http.get(base + "/v1/poll?sid=" + v.sid, bearer(forged));
        assertEquals(401, r.status());
        assertEquals("invalid_token", r.code());
        CompletionException e = assertThrows(CompletionException.class, () -> WsClient.connect(
                base.replace("http", "ws") + "/v1/ws?sid=" + v.sid, bearer(forged)));
        assertEquals(401, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());

        TokenService past = new TokenService(TestCluster.SECRET, Duration.ofDays(1),
                Clock.offset(Clock.systemUTC(), Duration.ofDays(-2)));
        Http.Reply expired = Http.get(base + "/v1/poll?sid=" + v.sid, bearer(past.issueVisitor(v.sid, "demo")));
        assertEquals(401, expired.status());
        assertEquals("token_expired", expired.code());

        Http.Reply foreign = Http.get(base + "/v1/poll?sid=" + bystander.sid, bearer(v.token));
        assertEquals(401, foreign.status());
        assertEquals("invalid_token", foreign.code());
        bystanderUnharmed();
    }

    @Test
    void pollForUnknownSessionIsNotFound() {
        TokenService tokens = new TokenService(TestCluster.SECRET, Duration.ofDays(1), Clock.systemUTC());
        String sid = TokenService.newId();
        Http.Reply r = Http.get(base + "/v1/poll?sid=" + sid, bearer(tokens.issueVisitor(sid, "demo")));
        assertEquals(404, r.status());
        assertEquals("unknown_session", r.code());
        bystanderUnharmed();
    }

    @ParameterizedTest
    @MethodSource("transports")
    void cursorFromTheFutureIsRefused(Transport transport) {
        TestVisitor v = track(TestVisitor.create(base, "demo"));
        assertEquals(200, v.send("one", "first").status());
        if (transport == Transport.WEBSOCKET) {
            assertEquals(400, upgradeStatus(base.replace("http", "ws") + "/v1/ws?" + v.wsQuery(base) + "&after=5"));
        } else {
            Http.Reply r = Http.get(base + "/v1/poll?" + v.query() + "&after=5", v.auth());
            assertEquals(400, r.status());
            assertEquals("cursor_ahead", r.code());
        }
        Http.Reply ok = Http.get(base + "/v1/poll?" + v.query() + "&after=0", v.auth());
        assertEquals(1, ok.json().path("events").size());
        bystanderUnharmed();
    }

    @Test
    void unknownSiteAndForeignOriginAreRefused() {
        Http.Reply unknown = Http.post(base + "/v1/sessions", "{\"siteKey\":\"nope\"}");
        assertEquals(403, unknown.status());
        assertEquals("unknown_site", unknown.code());
        Http.Reply foreign = Http.post(base + "/v1/sessions", "{\"siteKey\":\"demo\"}",
                Map.of("Origin", "http://evil.example"));
        assertEquals(403, foreign.status());
        assertEquals("origin_not_allowed", foreign.code());
        bystanderUnharmed();
    }

    @Test
    void deadRedisFailsReadinessAndRecoversByItself() throws Exception {
        ServerNode srv = server("srv-redis");
        TestVisitor v = track(TestVisitor.create(base, "demo"));
        assertEquals(200, Http.get(base + "/readyz").status());
        cluster.stopRedis();
        try {
            await().atMost(AWAIT).until(() -> Http.get(base + "/readyz").status() == 503);
            await().atMost(AWAIT).until(() -> Http.get(url(srv) + "/readyz").status() == 503);
            Http.Reply refused = v.send("during-outage", "will retry");
            assertEquals(503, refused.status());
            assertEquals("unavailable", refused.code());
        } finally {
            cluster.startRedis();
        }
        await().atMost(AWAIT).until(() -> Http.get(base + "/readyz").status() == 200);
        await().atMost(AWAIT).until(() -> Http.get(url(srv) + "/readyz").status() == 200);
        // the embedded test Redis keeps no data across its restart: a fresh session shows the node recovered
        TestVisitor after = track(TestVisitor.create(base, "demo")).follow(base, Transport.LONGPOLL);
        await().atMost(AWAIT).until(() -> after.send("retry", "accepted again").status() == 200);
        await().atMost(AWAIT).until(() -> after.shownTexts().equals(List.of("accepted again")));
    }

    @Test
    void drainedNodeFailsReadinessAndRefusesNewSessionsUntilUndrained() {
        assertEquals(401, Http.post(base + "/admin/drain", "").status(), "no trust in loopback: the token is needed");
        assertEquals(200, Http.get(base + "/readyz").status());
        assertEquals(200, Http.post(base + "/admin/drain", "", bearer(ADMIN_TOKEN)).status());
        assertEquals(503, Http.get(base + "/readyz").status());
        Http.Reply r = Http.post(base + "/v1/sessions", "{\"siteKey\":\"demo\"}");
        assertEquals(503, r.status());
        assertEquals("draining", r.code());
        bystanderUnharmed();
        assertEquals(200, Http.post(base + "/admin/undrain", "", bearer(ADMIN_TOKEN)).status());
        assertEquals(200, Http.get(base + "/readyz").status());
        assertEquals(201, Http.post(base + "/v1/sessions", "{\"siteKey\":\"demo\"}").status());
    }
}
