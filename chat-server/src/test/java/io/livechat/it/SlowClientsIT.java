package io.livechat.it;

import io.livechat.gateway.GatewayNode;
import io.livechat.server.ServerNode;
import io.livechat.testsupport.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slow and greedy clients on both listeners, with raw sockets: a request head that trickles in byte by byte
 * (slowloris) is cut at {@code CHAT_HEADER_TIMEOUT_MS}, and one address holds at most
 * {@code CHAT_MAX_CONNECTIONS_PER_ADDRESS} connections (loopback is exempt by default, so the tests clear the list).
 */
class SlowClientsIT extends ClusterTestBase {

    private static final Map<String, String> SHORT_HEAD = Map.of("CHAT_HEADER_TIMEOUT_MS", "1000",
            "CHAT_CONNECTION_LIMIT_EXEMPT", "none");
    private static final Map<String, String> THREE_PER_ADDRESS = Map.of("CHAT_MAX_CONNECTIONS_PER_ADDRESS", "3",
            "CHAT_CONNECTION_LIMIT_EXEMPT", "none");

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster(Map.of());
    }

    private int port(String listener, Map<String, String> settings) throws InterruptedException {
        if (listener.equals("gateway")) {
            GatewayNode g = cluster.gateway("gw-slow-" + System.nanoTime(), settings);
            perTest.add(() -> cluster.kill(g));
            return g.port();
        }
        ServerNode s = cluster.server("srv-slow-" + System.nanoTime(), settings);
        perTest.add(() -> cluster.kill(s));
        return s.port();
    }

    private Socket open(int port) throws IOException {
        Socket s = track(new Socket("127.0.0.1", port));
        s.setSoTimeout(200);
        return s;
    }

    /** Whether the server closed the socket: end of stream or a reset; false while it is open and silent. */
    private static boolean closedByServer(Socket s) {
        try {
            return s.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Sends one byte of a request head, ignoring a socket the server has closed already. */
    private static void trickle(Socket s, byte b) {
        try {
            s.getOutputStream().write(b);
            s.getOutputStream().flush();
        } catch (IOException e) {
            // closed by the server: what the test waits for
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gateway", "server"})
    void aRequestHeadThatTricklesInIsCutAtTheHeaderTimeout(String listener) throws Exception {
        Socket s = open(port(listener, SHORT_HEAD));
        byte[] head = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        int[] sent = {0};
        long start = System.nanoTime();
        // one byte every 200 ms (each read waits that long): the head would take ~14 s to complete
        await().atMost(Duration.ofSeconds(8)).until(() -> {
            trickle(s, head[sent[0]++ % head.length]);
            return closedByServer(s);
        });
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(sent[0] < head.length, "cut before the head was complete, after " + sent[0] + " bytes");
        assertTrue(ms >= 900, "not before the timeout: " + ms + " ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gateway", "server"})
    void aKeepAliveConnectionMayWaitLongerThanTheHeaderTimeoutBetweenRequests(String listener) throws Exception {
        Socket s = open(port(listener, SHORT_HEAD));
        s.setSoTimeout(5000);
        assertTrue(healthz(s).startsWith("HTTP/1.1 200"));
        await().pollDelay(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertTrue(healthz(s).startsWith("HTTP/1.1 200"), "the clock runs from a request's first byte only");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gateway", "server"})
    void oneAddressHoldsAtMostTheConfiguredNumberOfConnections(String listener) throws Exception {
        int port = port(listener, THREE_PER_ADDRESS);
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket s = open(port);
            s.setSoTimeout(5000);
            // answered: accepted and counted on the server before the next one connects (event loops accept in
            // parallel, so which of two racing connections is the one too many is otherwise a toss-up)
            assertTrue(healthz(s).startsWith("HTTP/1.1 200"));
            s.setSoTimeout(200);
            held.add(s);
        }
        Socket fourth = open(port);
        await().atMost(Duration.ofSeconds(5)).until(() -> closedByServer(fourth));
        for (Socket s : held) {
            assertTrue(!closedByServer(s), "the first three stay open");
        }
        held.get(0).close();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            try (Socket again = new Socket("127.0.0.1", port)) {
                again.setSoTimeout(2000);
                return healthz(again).startsWith("HTTP/1.1 200");
            } catch (SocketException | SocketTimeoutException e) {
                return false;
            }
        });
        assertEquals(3, held.size());
    }

    /** A keep-alive {@code GET /healthz} on {@code s}; its status line and headers. */
    private static String healthz(Socket s) throws IOException {
        s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.toString();
            }
            head.append((char) b);
        }
        int length = Integer.parseInt(head.toString().replaceAll("(?s).*[Cc]ontent-[Ll]ength: *(\\d+).*", "$1"));
        in.readNBytes(length);
        return head.toString();
    }
}
