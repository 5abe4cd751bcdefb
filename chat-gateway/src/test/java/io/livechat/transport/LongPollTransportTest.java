package io.livechat.transport;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.delivery.FakeLog;
import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.Json;
import io.livechat.session.VisitorSession;
import io.livechat.store.SeqEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The held long-poll, driven through Netty's EmbeddedChannel with a fake log. */
class LongPollTransportTest {

    private static final long HOLD_MS = 25_000;

    private final LongPollTransport transport = new LongPollTransport(HOLD_MS, new ChatMetrics());
    private final FakeLog log = new FakeLog();

    /** One HTTP connection; polls are answered through its context. */
    private static final class Connection {
        final EmbeddedChannel ch = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        final ChannelHandlerContext ctx = ch.pipeline().firstContext();

        /** The answers written since the last call. */
        List<JsonNode> answers() {
            ch.runPendingTasks();
            List<JsonNode> out = new ArrayList<>();
            for (FullHttpResponse r; (r = ch.readOutbound()) != null; ) {
                assertEquals(200, r.status().code(), r.content().toString(StandardCharsets.UTF_8));
                out.add(Json.parseObject(r.content().toString(StandardCharsets.UTF_8)));
                r.release();
            }
            return out;
        }
    }

    private final Connection conn = new Connection();

    private VisitorSession session(long lastSeq, List<SeqEvent> recent) {
        return new VisitorSession("s", "c", "demo", "Ada", lastSeq, recent, 8, log, conn.ch.eventLoop());
    }

    private void poll(Connection c, VisitorSession s, long after, String tab) {
        transport.poll(c.ctx, new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/v1/poll"), s, after,
                tab);
    }

    private static List<Long> seqs(JsonNode answer) {
        List<Long> out = new ArrayList<>();
        answer.path("events").forEach(e -> out.add(e.path("seq").asLong()));
        return out;
    }

    @Test
    void aPollWithEventsAfterItsCursorIsAnsweredAtOnce() {
        VisitorSession s = session(0, List.of());
        s.offer(log.add(1));
        s.offer(log.add(2));
        poll(conn, s, 0, "t");
        List<JsonNode> answers = conn.answers();
        assertEquals(1, answers.size());
        assertEquals(List.of(1L, 2L), seqs(answers.get(0)));
        assertEquals(2, answers.get(0).path("cursor").asLong());
    }

    @Test
    void aHeldPollIsAnsweredByTheNextEventInOrderWithGapsFilledFromTheLog() {
        VisitorSession s = session(1, List.of());
        poll(conn, s, 1, "t");
        assertEquals(List.of(), conn.answers(), "held");
        log.addAll(2, 3); // lost by pub/sub
        s.offer(log.add(4));
        assertEquals(List.of(), conn.answers(), "not before the gap is filled");
        log.answerAll();
        List<JsonNode> answers = conn.answers();
        assertEquals(1, answers.size());
        assertEquals(List.of(2L, 3L, 4L), seqs(answers.get(0)));
        assertEquals(4, answers.get(0).path("cursor").asLong());
    }

    @Test
    void aPollOlderThanMemoryIsAnsweredFromTheLog() {
        log.addAll(1, 20);
        List<SeqEvent> recent = new ArrayList<>();
        for (long seq = 13; seq <= 20; seq++) {
            recent.add(log.get(seq));
        }
        VisitorSession s = session(20, recent);
        poll(conn, s, 3, "t");
        log.answerAll();
        List<JsonNode> answers = conn.answers();
        assertEquals(1, answers.size());
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L), seqs(answers.get(0)));
        assertEquals(12, answers.get(0).path("cursor").asLong());
    }

    @Test
    void aHoldThatRunsOutWhileItsEventsAreBeingReadWaitsForTheReadInsteadOfAnsweringEmpty() {
        log.addAll(1, 20);
        List<SeqEvent> recent = new ArrayList<>();
        for (long seq = 13; seq <= 20; seq++) {
            recent.add(log.get(seq));
        }
        VisitorSession s = session(20, recent);
        poll(conn, s, 3, "t"); // older than memory: read from the log (slow: the durable record behind it)
        conn.ch.advanceTimeBy(HOLD_MS + 1000, TimeUnit.MILLISECONDS);
        conn.ch.runScheduledPendingTasks();
        assertEquals(List.of(), conn.answers(), "an empty answer would drop the read, and the next poll redo it");
        log.answerAll();
        List<JsonNode> answers = conn.answers();
        assertEquals(1, answers.size());
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L), seqs(answers.get(0)));
    }

    @Test
    void aHeldPollIsAnsweredOnceWhenTheTimeoutIsDueAsAnEventArrives() {
        VisitorSession s = session(0, List.of());
        poll(conn, s, 0, "t");
        conn.ch.advanceTimeBy(HOLD_MS, TimeUnit.MILLISECONDS); // the timeout is due, not run yet
        s.offer(log.add(1));
        conn.ch.runScheduledPendingTasks();
        List<JsonNode> answers = conn.answers();
        assertEquals(1, answers.size());
        assertEquals(List.of(1L), seqs(answers.get(0)));
        assertFalse(s.hasListeners(), "the answered poll follows the session no more");
    }

    @Test
    void aHeldPollWhoseTimeoutRanFirstIgnoresTheEventThatFollows() {
        VisitorSession s = session(0, List.of());
        poll(conn, s, 0, "t");
        conn.ch.advanceTimeBy(HOLD_MS, TimeUnit.MILLISECONDS);
        conn.ch.runScheduledPendingTasks();
        s.offer(log.add(1));
        s.ephemeral("{\"type\":\"typing\",\"conversationId\":\"c\",\"from\":\"agent\",\"typing\":true}");
        List<JsonNode> answers = conn.answers();
        assertEquals(1, answers.size());
        assertEquals(List.of(), seqs(answers.get(0)));
        assertEquals(0, answers.get(0).path("cursor").asLong());
    }

    @Test
    void aNewerPollFromTheSameTabReleasesTheHeldOneAsSuperseded() {
        VisitorSession s = session(0, List.of());
        Connection other = new Connection();
        poll(conn, s, 0, "t");
        poll(other, s, 0, "t");
        List<JsonNode> first = conn.answers();
        assertEquals(1, first.size());
        assertTrue(first.get(0).path("superseded").asBoolean());
        s.offer(log.add(1));
        assertEquals(List.of(), conn.answers(), "answered once");
        assertEquals(List.of(1L), seqs(other.answers().get(0)));
    }

    @Test
    void aTypingEventEndsTheHoldWithoutMovingTheCursor() {
        VisitorSession s = session(3, List.of());
        poll(conn, s, 3, "t");
        s.ephemeral("{\"type\":\"typing\",\"conversationId\":\"c\",\"from\":\"agent\",\"typing\":true}");
        List<JsonNode> answers = conn.answers();
        assertEquals(1, answers.size());
        assertEquals("typing", answers.get(0).path("events").get(0).path("type").asText());
        assertEquals(3, answers.get(0).path("cursor").asLong());
    }

    private VisitorSession sessionInEpoch(String epoch, long lastSeq, List<SeqEvent> recent) {
        return new VisitorSession("s", "c", "demo", "Ada", lastSeq, recent, epoch, 8, log, conn.ch.eventLoop());
    }

    @Test
    void aPollFromALostLogIsAnsweredAtOnceWithAResetAndTheRestoredLogFromItsStart() {
        log.addAll(1, 3); // the restored log: what PostgreSQL held
        VisitorSession s = sessionInEpoch("new-epoc", 3, List.of(log.get(1), log.get(2), log.get(3)));
        transport.poll(conn.ctx, new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/v1/poll"), s, 5,
                "t", "old-epoc"); // a cursor beyond the new log: no cursor_ahead, a reset
        List<JsonNode> answers = conn.answers();
        assertEquals(1, answers.size());
        JsonNode events = answers.get(0).path("events");
        assertEquals("reset", events.get(0).path("type").asText());
        assertEquals("new-epoc", events.get(0).path("epoch").asText());
        assertEquals(3, events.get(0).path("seq").asLong());
        assertEquals(List.of(3L, 1L, 2L, 3L), seqs(answers.get(0)), "the reset (last seq 3), then 1..3");
        assertEquals(3, answers.get(0).path("cursor").asLong());
        assertEquals("new-epoc", answers.get(0).path("epoch").asText());
    }

    @Test
    void aPollInTheCurrentEpochOrWithoutOneResumesAsBefore() {
        VisitorSession s = sessionInEpoch("epoch-01", 2, List.of(log.add(1), log.add(2)));
        transport.poll(conn.ctx, new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/v1/poll"), s, 1,
                "t", "epoch-01");
        List<JsonNode> answers = conn.answers();
        assertEquals(List.of(2L), seqs(answers.get(0)));
        assertEquals("epoch-01", answers.get(0).path("epoch").asText());
        Connection other = new Connection();
        transport.poll(other.ctx, new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/v1/poll"), s, 1,
                "u", null);
        assertEquals(List.of(2L), seqs(other.answers().get(0)));
    }
}
