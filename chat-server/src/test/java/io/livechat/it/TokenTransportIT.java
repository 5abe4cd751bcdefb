package io.livechat.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.gateway.GatewayNode;
import io.livechat.server.ServerNode;
import io.livechat.testsupport.Http;
import io.livechat.testsupport.TestAgent;
import io.livechat.testsupport.TestCluster;
import io.livechat.testsupport.WsClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tokens never travel in URLs (balancers log URLs): on the wire, with stock clients, a token in the Authorization
 * header works, one in the query string is refused with {@code token_in_url}, and a WebSocket opens with a ticket
 * that is single-use and expires ({@code CHAT_WS_TICKET_SECONDS} is 1 here), or with the header.
 */
class TokenTransportIT extends ClusterTestBase {

    private String gw;
    private String srv;
    private int gwPort;
    private int srvPort;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster(Map.of("CHAT_WS_TICKET_SECONDS", "1"));
    }

    @BeforeEach
    void startNodes() throws Exception {
        GatewayNode g = gateway("gw-tokens");
        ServerNode s = server("srv-tokens");
        gw = url(g);
        srv = url(s);
        gwPort = g.port();
        srvPort = s.port();
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private JsonNode session() {
        Http.Reply r = Http.post(gw + "/v1/sessions", "{\"siteKey\":\"demo\"}");
        assertEquals(201, r.status(), r.toString());
        return r.json();
    }

    /** A WebSocket upgrade written byte by byte on a plain socket; returns the answer's head and body. */
    private static String rawUpgrade(int port, String pathAndQuery) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            String req = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n";
            s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                head.write(in.read());
            }
            String h = head.toString(StandardCharsets.US_ASCII);
            int length = 0;
            for (String line : h.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            return h + new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }
    }

    private static void assertRefused(String answer, String status, String code) {
        assertTrue(answer.startsWith("HTTP/1.1 " + status + " ") && answer.contains("\"code\":\"" + code + "\""),
                answer);
    }

    @Test
    void aVisitorTokenInTheHeaderWorksAndOneInTheUrlIsRefused() {
        JsonNode s = session();
        String sid = s.path("sid").asText();
        String token = s.path("token").asText();
        Http.Reply inUrl = Http.post(gw + "/v1/send?sid=" + sid + "&token=" + token,
                "{\"clientMsgId\":\"c-0\",\"text\":\"in the url\"}");
        assertEquals(400, inUrl.status());
        assertEquals("token_in_url", inUrl.code());
        Http.Reply both = Http.get(gw + "/v1/poll?sid=" + sid + "&token=" + token + "&after=0", bearer(token));
        assertEquals("token_in_url", both.code(), "refused even beside the header");
        Http.Reply ack = Http.post(gw + "/v1/send?sid=" + sid, "{\"clientMsgId\":\"c-1\",\"text\":\"in a header\"}",
                bearer(token));
        assertEquals(200, ack.status(), ack.toString());
        assertEquals(1, ack.json().path("seq").asLong(), "the refused send stored nothing");
        Http.Reply poll = Http.get(gw + "/v1/poll?sid=" + sid + "&after=0", bearer(token));
        assertEquals(200, poll.status());
        assertEquals("in a header", poll.json().path("events").get(0).path("text").asText());
    }

    @Test
    void aVisitorWebSocketTicketOpensOneSocketOnly() throws Exception {
        JsonNode s = session();
        String sid = s.path("sid").asText();
        assertEquals(401, Http.post(gw + "/v1/ws-ticket?sid=" + sid, "").status(), "a ticket takes the token");
        Http.Reply t = Http.post(gw + "/v1/ws-ticket?sid=" + sid, "", bearer(s.path("token").asText()));
        assertEquals(200, t.status(), t.toString());
        assertEquals(1, t.json().path("expiresIn").asLong());
        String ticket = t.json().path("ticket").asText();
        String path = "/v1/ws?sid=" + sid + "&ticket=" + ticket + "&after=0";
        assertTrue(rawUpgrade(gwPort, path).startsWith("HTTP/1.1 101 "));
        assertRefused(rawUpgrade(gwPort, path), "401", "invalid_ticket");
        assertRefused(rawUpgrade(gwPort, "/v1/ws?sid=" + sid + "&after=0"), "401", "invalid_ticket");
        assertRefused(rawUpgrade(gwPort, "/v1/ws?sid=" + sid + "&token=" + s.path("token").asText()), "400",
                "token_in_url");
        // a client that can set headers (not a browser) needs no ticket
        WsClient ws = WsClient.connect(gw.replace("http", "ws") + "/v1/ws?sid=" + sid + "&after=0",
                bearer(s.path("token").asText()));
        ws.send("{\"type\":\"ping\"}");
        await().atMost(AWAIT).until(() -> !ws.frames("pong").isEmpty());
        ws.abort();
    }

    @Test
    void aTicketNotRedeemedInTimeExpires() throws Exception {
        JsonNode s = session();
        String sid = s.path("sid").asText();
        String ticket = Http.post(gw + "/v1/ws-ticket?sid=" + sid, "", bearer(s.path("token").asText())).json()
                .path("ticket").asText();
        await().pollDelay(Duration.ofMillis(1_500)).atMost(AWAIT).until(() -> true);
        assertRefused(rawUpgrade(gwPort, "/v1/ws?sid=" + sid + "&ticket=" + ticket + "&after=0"), "401",
                "invalid_ticket");
    }

    @Test
    void theDeskTakesItsTokenInTheHeaderAndOpensWithATicketOnce() throws Exception {
        TestAgent agent = track(TestAgent.login(srv, DEMO_EMAIL, DEMO_PASSWORD));
        Http.Reply inUrl = Http.get(srv + "/api/conversations?token=" + agent.token);
        assertEquals(400, inUrl.status());
        assertEquals("token_in_url", inUrl.code());
        assertEquals(200, Http.get(srv + "/api/conversations", agent.auth()).status());
        assertRefused(rawUpgrade(srvPort, "/desk/ws?token=" + agent.token), "400", "token_in_url");
        String path = "/desk/ws?" + agent.deskQuery(srv);
        assertTrue(rawUpgrade(srvPort, path).startsWith("HTTP/1.1 101 "));
        assertRefused(rawUpgrade(srvPort, path), "401", "invalid_ticket");
        // a visitor's ticket stands for a visitor's token, which opens no desk
        JsonNode s = session();
        String visitorTicket = Http.post(gw + "/v1/ws-ticket?sid=" + s.path("sid").asText(), "",
                bearer(s.path("token").asText())).json().path("ticket").asText();
        assertRefused(rawUpgrade(srvPort, "/desk/ws?ticket=" + visitorTicket), "401", "invalid_token");
    }
}
