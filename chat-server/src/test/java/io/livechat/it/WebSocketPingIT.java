package io.livechat.it;

import io.livechat.gateway.GatewayNode;
import io.livechat.server.ServerNode;
import io.livechat.testsupport.Http;
import io.livechat.testsupport.RawWebSocket;
import io.livechat.testsupport.TestAgent;
import io.livechat.testsupport.TestCluster;
import io.livechat.testsupport.TestVisitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The server's WebSocket pings as they appear on the wire, on the visitor and the desk socket: a client that
 * answers them stays connected however long it idles, and one that answers nothing is closed after two quiet
 * periods.
 */
class WebSocketPingIT extends ClusterTestBase {

    /** The shortest quiet period the config accepts (it must exceed the long-poll hold, shortened for that). */
    private static final Duration PERIOD = Duration.ofSeconds(1);
    private static final Duration SLACK = Duration.ofSeconds(3);
    private static final Duration READ_TIMEOUT = PERIOD.multipliedBy(3).plus(SLACK);

    private static GatewayNode gateway;
    private static ServerNode server;

    /** The two WebSockets the nodes serve. */
    enum Endpoint { VISITOR, DESK }

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster(Map.of("CHAT_IDLE_SECONDS", String.valueOf(PERIOD.toSeconds()),
                "CHAT_LONGPOLL_HOLD_MS", "500"));
        gateway = cluster.gateway("gw-ping");
        server = cluster.server("srv-ping");
    }

    static Stream<Endpoint> endpoints() {
        return Stream.of(Endpoint.values());
    }

    /** A freshly authorised URL of this kind of WebSocket: a new visitor session, or the demo agent's desk. */
    private static String webSocketUrl(Endpoint endpoint) {
        if (endpoint == Endpoint.VISITOR) {
            TestVisitor v = TestVisitor.create(url(gateway), "demo");
            return "ws://127.0.0.1:" + gateway.port() + "/v1/ws?" + v.wsQuery(url(gateway)) + "&after=0";
        }
        TestAgent agent = TestAgent.login(url(server), DEMO_EMAIL, DEMO_PASSWORD);
        return "ws://127.0.0.1:" + server.port() + "/desk/ws?" + agent.deskQuery(url(server));
    }

    /** Reads frames without answering any until a ping arrives. */
    private static RawWebSocket.Frame nextPing(RawWebSocket ws) throws IOException {
        while (true) {
            RawWebSocket.Frame f;
            try {
                f = ws.read();
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                return fail("the connection ended before any ping (0x89) arrived: " + e);
            }
            if (f.opcode() == RawWebSocket.PING) {
                return f;
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void aQuietWebSocketGetsAPingFrameOnTheWire(Endpoint endpoint) throws IOException {
        try (RawWebSocket ws = RawWebSocket.connect(webSocketUrl(endpoint), READ_TIMEOUT)) {
            RawWebSocket.Frame ping = nextPing(ws);
            assertEquals(0x89, ping.firstByte(), "FIN set, opcode ping");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void aClientThatAnswersPingsStaysConnectedPastThreeQuietPeriods(Endpoint endpoint) {
        PingCounter client = new PingCounter();
        WebSocket ws = Http.CLIENT.newWebSocketBuilder().buildAsync(URI.create(webSocketUrl(endpoint)), client)
                .orTimeout(10, TimeUnit.SECONDS).join();
        track(ws::abort);

        await().atMost(PERIOD.multipliedBy(3).plus(SLACK))
                .until(() -> client.pings.get() >= 3 || client.closed.isDone());
        assertFalse(client.closed.isDone(), "closed (" + client.closed.getNow(null) + ") after " + client.pings
                + " pings");
        ws.sendText("{\"type\":\"ping\"}", true).join();
        await("the pong to a frame sent after three quiet periods").atMost(SLACK)
                .until(() -> client.texts.stream().anyMatch(t -> t.contains("\"pong\"")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void aClientThatNeverAnswersIsClosedAfterTwoQuietPeriods(Endpoint endpoint) throws IOException {
        try (RawWebSocket ws = RawWebSocket.connect(webSocketUrl(endpoint), READ_TIMEOUT)) {
            long start = System.nanoTime();
            nextPing(ws);
            IOException end = null;
            while (end == null) {
                try {
                    ws.read(); // anything else the server sends (a second ping) stays unanswered too
                } catch (IOException e) {
                    end = e;
                }
            }
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertFalse(end instanceof SocketTimeoutException, "still open after " + elapsed + " ms");
            assertTrue(elapsed >= PERIOD.toMillis() * 3 / 2 && elapsed <= PERIOD.multipliedBy(2).plus(SLACK).toMillis(),
                    "closed " + elapsed + " ms after connecting (" + end + ")");
        }
    }

    /** A stock JDK WebSocket client's listener: the JDK answers each ping with a pong by itself; this counts them. */
    private static final class PingCounter implements WebSocket.Listener {

        final AtomicInteger pings = new AtomicInteger();
        final List<String> texts = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            pings.incrementAndGet();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
