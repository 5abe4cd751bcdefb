package io.livechat.it;

import io.livechat.gateway.GatewayNode;
import io.livechat.protocol.Json;
import io.livechat.server.ServerNode;
import io.livechat.testsupport.Http;
import io.livechat.testsupport.RawWebSocket;
import io.livechat.testsupport.TestCluster;
import io.livechat.testsupport.TestVisitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The edges of docs/PROTOCOL.md that only the real bytes show: byte encodings, duplicated headers, close codes. */
class ProtocolEdgesIT extends ClusterTestBase {

    private String gatewayUrl;
    private String serverUrl;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster(Map.of());
    }

    @BeforeEach
    void startNodes() throws Exception {
        GatewayNode gw = gateway("gw-edges");
        ServerNode srv = server("srv-edges");
        gatewayUrl = url(gw);
        serverUrl = url(srv);
    }

    /** {"email":"demo@example.com","password":"d\xE9mo"}: a Latin-1 byte where UTF-8 is required. */
    private static byte[] latin1Login() {
        return "{\"email\":\"demo@example.com\",\"password\":\"d\u00e9mo\"}".getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aLoginBodyThatIsNotUtf8IsRefusedWithBadJson() throws Exception {
        HttpResponse<String> r = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(serverUrl + "/api/login"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(latin1Login())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("bad_json", Json.parseObject(r.body()).path("code").asText());
    }

    @Test
    void aRequestWithTwoDifferentContentLengthsIsRefusedWithBadRequestAndClosed() throws Exception {
        try (Socket s = new Socket("127.0.0.1", URI.create(serverUrl).getPort())) {
            s.setSoTimeout(10_000);
            byte[] body = "{\"email\":\"demo@example.com\",\"password\":\"demo\"}".getBytes(StandardCharsets.UTF_8);
            String head = "POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nContent-Length: " + (body.length + 5) + "\r\n\r\n";
            s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(body);
            s.getOutputStream().flush();
            String answer = readAll(s.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
            assertTrue(answer.contains("\"code\":\"bad_request\""), answer);
        }
    }

    @Test
    void aWebSocketTextFrameThatIsNotUtf8ClosesWith1007() throws Exception {
        TestVisitor v = track(TestVisitor.create(gatewayUrl, "demo"));
        try (RawWebSocket ws = RawWebSocket.connect(gatewayUrl.replace("http", "ws") + "/v1/ws?" + v.wsQuery(gatewayUrl),
                Duration.ofSeconds(10))) {
            ws.send(RawWebSocket.TEXT, "{\"type\":\"send\",\"clientMsgId\":\"c-1\",\"text\":\"caf\u00e9\"}"
                    .getBytes(StandardCharsets.ISO_8859_1));
            RawWebSocket.Frame f = ws.read();
            while (f.opcode() != RawWebSocket.CLOSE) {
                f = ws.read();
            }
            assertEquals(1007, ByteBuffer.wrap(f.payload()).getShort() & 0xFFFF);
        }
        assertEquals(0, Http.get(gatewayUrl + "/v1/poll?" + v.query() + "&after=0",
                v.auth()).json().path("cursor").asLong(),
                "nothing accepted");
    }

    /** Everything the server sends until it closes the connection. */
    static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (int n; (n = in.read(buf)) > 0; ) {
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
