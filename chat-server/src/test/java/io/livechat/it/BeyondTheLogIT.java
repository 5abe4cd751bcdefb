package io.livechat.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.gateway.GatewayNode;
import io.livechat.protocol.Json;
import io.livechat.server.ServerNode;
import io.livechat.testsupport.Http;
import io.livechat.testsupport.RawWebSocket;
import io.livechat.testsupport.TestAgent;
import io.livechat.testsupport.TestCluster;
import io.livechat.testsupport.TestVisitor;
import io.livechat.testsupport.Transport;
import io.livechat.testsupport.WsClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients whose cursor is older than the start of the capped Redis log (a small {@code CHAT_HISTORY_CAP} here): each
 * gets every acknowledged message once, in order, the old ones read from PostgreSQL; without PostgreSQL, a
 * {@code gap} frame names what it could not get, never a silent jump. Checked with stock clients on the wire.
 */
class BeyondTheLogIT extends ClusterTestBase {

    private static final int CAP = 50;
    private static final int SENT = 3 * CAP;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster(Map.of("CHAT_HISTORY_CAP", String.valueOf(CAP)));
    }

    private static List<Long> oneToSent() {
        return LongStream.rangeClosed(1, SENT).boxed().toList();
    }

    /** Sends {@link #SENT} acknowledged messages, each {@code size} characters long, and waits for PostgreSQL. */
    private static void sendAll(TestVisitor v, int size) {
        for (int i = 1; i <= SENT; i++) {
            String text = ("m" + i + " ").repeat(size).substring(0, size);
            assertEquals(200, v.send("c-" + i, text).status());
        }
        await().atMost(AWAIT).until(() -> cluster.storedSeqs(v.conversationId).size() == SENT);
    }

    private static List<Long> seqsOf(List<JsonNode> frames, String type) {
        return frames.stream().filter(f -> type.equals(f.path("type").asText())).map(f -> f.path("seq").asLong())
                .toList();
    }

    private static List<JsonNode> ofType(List<JsonNode> frames, String type) {
        return frames.stream().filter(f -> type.equals(f.path("type").asText())).toList();
    }

    /** The sum of one counter's series in a node's {@code /metrics}. */
    private static double metric(String base, String name) {
        return Http.get(base + "/metrics").body().lines().filter(l -> l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** Every frame a visitor gets resuming from {@code after=0} until it has the last message. */
    private List<JsonNode> resumeFromZero(GatewayNode g, TestVisitor v, Transport t) {
        if (t == Transport.WEBSOCKET) {
            WsClient ws = WsClient.connect(url(g).replace("http", "ws") + "/v1/ws?" + v.wsQuery(url(g)) + "&after=0");
            track(ws::abort);
            await().atMost(AWAIT).until(() -> seqsOf(ws.frames(), "message").contains((long) SENT));
            return ws.frames();
        }
        List<JsonNode> frames = new ArrayList<>();
        long cursor = 0;
        while (cursor < SENT) {
            Http.Reply r = Http.get(url(g) + "/v1/poll?" + v.query() + "&after=" + cursor, v.auth());
            assertEquals(200, r.status(), r.body());
            r.json().path("events").forEach(frames::add);
            cursor = r.json().path("cursor").asLong();
        }
        return frames;
    }

    @Test
    void aWebSocketVisitorThatStopsReadingWhileThreeLogsOfMessagesAreSentGetsEachOnceInOrder() throws Exception {
        GatewayNode g = gateway("g1");
        server("s1");
        TestVisitor v = track(TestVisitor.create(url(g), "demo"));
        // a small receive window and large messages: the server's socket stops being writable early on
        RawWebSocket ws = track(RawWebSocket.connect(url(g).replace("http", "ws") + "/v1/ws?" + v.wsQuery(url(g))
                + "&after=0", Duration.ofSeconds(20), 4096));
        sendAll(v, 3900);
        List<JsonNode> frames = new ArrayList<>();
        while (seqsOf(frames, "message").stream().noneMatch(s -> s == SENT)) {
            RawWebSocket.Frame f = ws.read();
            if (f.opcode() == RawWebSocket.TEXT) {
                frames.add(Json.parseObject(f.text()));
            }
        }
        assertEquals(oneToSent(), seqsOf(frames, "message"));
        assertEquals(List.of(), ofType(frames, "gap"));
        assertTrue(metric(url(g), "chat_history_fills_total") > 0, "the cursor fell behind the log's start");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aVisitorResumingFromBeforeTheLogsStartGetsEveryMessageOnceInOrder(Transport t) throws Exception {
        GatewayNode g = gateway("g1");
        server("s1");
        TestVisitor v = track(TestVisitor.create(url(g), "demo"));
        sendAll(v, 20);
        List<JsonNode> frames = resumeFromZero(g, v, t);
        assertEquals(oneToSent(), seqsOf(frames, "message"));
        assertEquals(List.of(), ofType(frames, "gap"));
        assertTrue(metric(url(g), "chat_history_fills_total") > 0);
    }

    @Test
    void aDeskResumingFromBeforeTheLogsStartGetsEveryMessageOnceInOrder() throws Exception {
        GatewayNode g = gateway("g1");
        ServerNode s = server("s1");
        deskOn(s); // online: the visitor's conversation is assigned to the demo agent
        TestVisitor v = track(TestVisitor.create(url(g), "demo"));
        sendAll(v, 20);
        TestAgent later = track(TestAgent.login(url(s), DEMO_EMAIL, DEMO_PASSWORD)).connect(url(s));
        await().atMost(AWAIT).until(() -> later.rawMessages(v.conversationId).size() >= SENT);
        assertEquals(oneToSent(), later.rawMessages(v.conversationId).stream().map(m -> m.path("seq").asLong())
                .toList());
        assertTrue(metric(url(s), "chat_history_fills_total") > 0);
    }

    @Test
    void withoutPostgresEveryConnectionKindGetsAGapFrameForWhatIsOlderThanTheLog() throws Exception {
        GatewayNode g = gateway("g1");
        ServerNode s = server("s1");
        deskOn(s);
        TestVisitor v = track(TestVisitor.create(url(g), "demo"));
        sendAll(v, 20);
        // a desk cannot sign in without PostgreSQL: this one is connected before, and says hello after
        TestAgent agent = track(TestAgent.login(url(s), DEMO_EMAIL, DEMO_PASSWORD));
        WsClient desk = WsClient.connect(url(s).replace("http", "ws") + "/desk/ws?" + agent.deskQuery(url(s)));
        track(desk::abort);
        cluster.postgres().stop();
        try {
            assertGapThenTheLog(resumeFromZero(g, v, Transport.LONGPOLL));
            assertGapThenTheLog(resumeFromZero(g, v, Transport.WEBSOCKET));
            desk.send("{\"type\":\"hello\",\"cursors\":{}}");
            await().atMost(AWAIT).until(() -> seqsOf(framesOf(desk, v), "message").contains((long) SENT));
            assertGapThenTheLog(framesOf(desk, v));
            assertTrue(metric(url(g), "chat_history_gaps_total") >= 2);
            assertTrue(metric(url(s), "chat_history_gaps_total") >= 1);
        } finally {
            cluster.postgres().start();
        }
    }

    private static List<JsonNode> framesOf(WsClient desk, TestVisitor v) {
        return desk.frames().stream().filter(f -> v.conversationId.equals(f.path("conversationId").asText())).toList();
    }

    /** Gap frames covering {@code (0, G]} without a hole, then exactly the messages {@code G+1..SENT}, in order. */
    private static void assertGapThenTheLog(List<JsonNode> frames) {
        List<JsonNode> gaps = ofType(frames, "gap");
        assertTrue(!gaps.isEmpty(), "a gap frame: " + frames);
        long covered = 0;
        for (JsonNode gap : gaps) {
            assertEquals(covered, gap.path("after").asLong(), gap.toString());
            covered = gap.path("upto").asLong();
        }
        assertTrue(covered <= SENT - CAP, "the log's messages are not in a gap: " + covered);
        assertEquals(LongStream.rangeClosed(covered + 1, SENT).boxed().toList(), seqsOf(frames, "message"));
        int lastGap = frames.indexOf(gaps.get(gaps.size() - 1));
        assertTrue(frames.subList(0, lastGap).stream().noneMatch(f -> "message".equals(f.path("type").asText())),
                "the gap comes in the place of what it stands for");
    }
}
