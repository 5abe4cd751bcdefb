package io.livechat.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.load.lb.Balancer;
import io.livechat.load.lb.BalancerConfig;
import io.livechat.load.lb.BalancerKind;
import io.livechat.load.target.InProcessServer;
import io.livechat.load.target.ServerTarget;
import io.livechat.protocol.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A body or frame far over the limit, sent through Debian's HAProxy configured from {@code deploy/haproxy.cfg}, gets
 * its answer (413 {@code message_too_large}, close code 1009) every time, not a reset: the server answers while the
 * client is still sending and must not close the connection with unread bytes in it. Raw sockets, so that what is
 * checked is the bytes on the wire; repeated, because the reset loses the answer only some of the time.
 */
class OversizedThroughBalancerIT {

    private static final int ONE_MB = 1 << 20;
    private static final int HTTP_TRIES = 20;
    private static final int WS_TRIES = 10;

    private static InProcessServer server;
    private static Balancer haproxy;

    @BeforeAll
    static void start() throws Exception {
        // a missing balancer fails the run rather than skipping it: ./test.sh installs it
        assertTrue(BalancerKind.HAPROXY.installed(), "haproxy is not installed (apt-get install -y haproxy)");
        server = new InProcessServer();
        haproxy = new Balancer(BalancerKind.HAPROXY, new BalancerConfig.Ports(ServerTarget.freePort(),
                ServerTarget.freePort(), server.gatewayPort(), server.gatewayPort(), server.serverPort()));
    }

    @AfterAll
    static void stop() {
        if (haproxy != null) {
            haproxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aOneMegabyteSendIsAnswered413EveryTime() throws Exception {
        JsonNode session = createSession();
        String path = "/v1/send?sid=" + session.path("sid").asText();
        String auth = "Authorization: Bearer " + session.path("token").asText() + "\r\n";
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < HTTP_TRIES; i++) {
            try (Socket s = connect()) {
                String head = "POST " + path + " HTTP/1.1\r\nHost: chat\r\n" + auth
                        + "Content-Type: application/json\r\n"
                        + "Content-Length: " + ONE_MB + "\r\n\r\n";
                // as simple clients do: the whole request first, then the answer
                send(s, head.getBytes(StandardCharsets.US_ASCII), body(ONE_MB));
                answers.add(readResponse(s.getInputStream()));
            }
        }
        for (String a : answers) {
            assertTrue(a.startsWith("HTTP/1.1 413 ") && a.contains("\"code\":\"message_too_large\""),
                    "every try answered 413 message_too_large; got " + answers.stream()
                            .map(x -> x.isEmpty() ? "<nothing>" : x.lines().findFirst().orElse("")).toList());
        }
    }

    @Test
    void aOneMegabyteWebSocketFrameIsClosedWith1009EveryTime() throws Exception {
        JsonNode session = createSession();
        String path = "/v1/ws?sid=" + session.path("sid").asText();
        String token = session.path("token").asText();
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < WS_TRIES; i++) {
            try (Socket s = connect()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                upgrade(s, in, path, token);
                Thread writer = sendInBackground(s, new byte[0], maskedTextFrame(ONE_MB));
                codes.add(closeCode(in));
                writer.join(30_000);
            }
        }
        assertEquals(List.of(1009, 1009, 1009, 1009, 1009, 1009, 1009, 1009, 1009, 1009), codes,
                "-1: the connection ended without a close frame (a browser reports 1006)");
    }

    private static Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", haproxy.visitorPort());
        s.setSoTimeout(20_000);
        return s;
    }

    private static JsonNode createSession() throws IOException {
        try (Socket s = connect()) {
            byte[] body = "{\"siteKey\":\"demo\",\"name\":\"Big\"}".getBytes(StandardCharsets.UTF_8);
            String head = "POST /v1/sessions HTTP/1.1\r\nHost: chat\r\nContent-Type: application/json\r\n"
                    + "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n";
            s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(body);
            String answer = readResponse(s.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 201"), answer);
            return Json.parseObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        }
    }

    /** Writes {@code head} and {@code body} in 16 KB pieces; a refused write just ends it. */
    private static void send(Socket s, byte[] head, byte[] body) {
        try {
            OutputStream out = s.getOutputStream();
            out.write(head);
            for (int off = 0; off < body.length; off += 16 * 1024) {
                out.write(body, off, Math.min(16 * 1024, body.length - off));
            }
            out.flush();
        } catch (IOException e) {
            // the server or the balancer stopped taking the body: what matters is what was answered
        }
    }

    /** The same from another thread, while this one reads. */
    private static Thread sendInBackground(Socket s, byte[] head, byte[] body) {
        Thread t = new Thread(() -> send(s, head, body), "oversized-writer");
        t.start();
        return t;
    }

    /** One HTTP answer (head and Content-Length body), or what arrived of it before the connection ended. */
    private static String readResponse(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            while (!out.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return out.toString(StandardCharsets.UTF_8);
                }
                out.write(b);
            }
            String head = out.toString(StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
            int at = head.indexOf("content-length:");
            int length = at < 0 ? 0 : Integer.parseInt(head.substring(at + 15, head.indexOf('\r', at)).trim());
            out.write(in.readNBytes(length));
        } catch (IOException e) {
            // a reset: keep what arrived before it
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static byte[] body(int size) {
        byte[] b = new byte[size];
        java.util.Arrays.fill(b, (byte) 'x');
        b[0] = '{';
        return b;
    }

    private static void upgrade(Socket s, DataInputStream in, String path, String token) throws IOException {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + path + " HTTP/1.1\r\nHost: chat\r\nAuthorization: Bearer " + token
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
    }

    /** One final text frame of {@code size} payload bytes, masked as a client's must be. */
    private static byte[] maskedTextFrame(int size) {
        ByteBuffer f = ByteBuffer.allocate(2 + 8 + 4 + size);
        f.put((byte) 0x81).put((byte) (0x80 | 127)).putLong(size);
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        f.put(mask);
        for (int i = 0; i < size; i++) {
            f.put((byte) ('x' ^ mask[i % 4]));
        }
        return f.array();
    }

    /** The code of the close frame the server sends, skipping other frames; -1 when the connection just ends. */
    private static int closeCode(DataInputStream in) {
        try {
            while (true) {
                int first = in.readUnsignedByte();
                int len = in.readUnsignedByte() & 0x7F;
                long length = len == 126 ? in.readUnsignedShort() : len == 127 ? in.readLong() : len;
                byte[] payload = in.readNBytes((int) length);
                if ((first & 0x0F) == 0x8) {
                    return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                }
            }
        } catch (IOException e) {
            return -1;
        }
    }
}
