package io.livechat.transport;

import io.livechat.config.ChatConfig;
import io.livechat.delivery.FakeLog;
import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.Json;
import io.livechat.session.VisitorSession;
import io.livechat.store.SeqEvent;
import io.livechat.store.Stores;
import io.livechat.visitor.VisitorService;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The visitor's WebSocket delivery, driven through Netty's EmbeddedChannel with a fake log. */
class WebSocketTransportTest {

    private static final ChatMetrics METRICS = new ChatMetrics();
    // only its metrics are used here: nothing is sent
    private static final VisitorService VISITORS = new VisitorService(ChatConfig.defaults(),
            new Stores(null, null, null, null, null, null, null, null), null, null, null, null, METRICS);

    private final EmbeddedChannel ch = new EmbeddedChannel();
    private final FakeLog log = new FakeLog();

    private VisitorSession session(long lastSeq, List<SeqEvent> recent) {
        return new VisitorSession("s", "c", "demo", "Ada", lastSeq, recent, 8, log, ch.eventLoop());
    }

    private void follow(VisitorSession s, long after) {
        ch.pipeline().addLast(new WebSocketTransport(VISITORS, s, after));
    }

    /** The seqs of the message frames written since the last call. */
    private List<Long> written() {
        ch.runPendingTasks();
        List<Long> out = new ArrayList<>();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            if (o instanceof TextWebSocketFrame f) {
                out.add(Json.parseObject(f.text()).path("seq").asLong());
            }
            ((WebSocketFrame) o).release();
        }
        return out;
    }

    private void writable(boolean writable) {
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
        ch.runPendingTasks();
    }

    @Test
    void eventsAfterTheCursorAreWrittenInOrderEachOnce() {
        VisitorSession s = session(0, List.of());
        follow(s, 0);
        s.offer(log.add(1));
        s.offer(log.add(2));
        s.offer(log.get(1));
        s.offer(log.add(3));
        s.offer(log.get(3));
        assertEquals(List.of(1L, 2L, 3L), written());
        assertTrue(log.reads().isEmpty(), "contiguous events come from memory");
    }

    @Test
    void aGapIsFilledFromTheLogBeforeLaterEventsAreWritten() {
        VisitorSession s = session(0, List.of());
        follow(s, 0);
        s.offer(log.add(1));
        log.addAll(2, 3); // lost by pub/sub
        s.offer(log.add(4));
        assertEquals(List.of(1L), written());
        log.answerAll();
        assertEquals(List.of(2L, 3L, 4L), written());
    }

    @Test
    void aCursorOlderThanMemoryIsServedFromTheLogFirst() {
        log.addAll(1, 20);
        List<SeqEvent> recent = new ArrayList<>();
        for (long seq = 13; seq <= 20; seq++) {
            recent.add(log.get(seq));
        }
        follow(session(20, recent), 3);
        assertEquals(List.of(), written());
        assertEquals(3, log.reads().get(0).after());
        assertEquals(12, log.reads().get(0).upto());
        log.answerAll();
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L),
                written());
    }

    @Test
    void aChannelThatIsNotWritableStopsThePumpAndWritabilityBackResumesIt() {
        VisitorSession s = session(0, List.of());
        follow(s, 0);
        s.offer(log.add(1));
        assertEquals(List.of(1L), written());
        writable(false);
        s.offer(log.add(2));
        s.offer(log.add(3));
        assertEquals(List.of(), written(), "a slow visitor costs a cursor, not a queue");
        writable(true);
        assertEquals(List.of(2L, 3L), written());
    }

    @Test
    void aSessionThatMovedClosesTheSocketWithTheMovedCode() {
        VisitorSession s = session(0, List.of());
        follow(s, 0);
        s.moved();
        ch.runPendingTasks();
        CloseWebSocketFrame close = ch.readOutbound();
        assertEquals(4009, close.statusCode());
        close.release();
    }

    @Test
    void aResetFrameComesFirstThenTheRestoredLogFromItsStart() {
        log.addAll(1, 2);
        VisitorSession s = new VisitorSession("s", "c", "demo", "Ada", 2, List.of(log.get(1), log.get(2)), "new-epoc",
                8, log, ch.eventLoop());
        ch.pipeline().addLast(new WebSocketTransport(VISITORS, s, 0, io.livechat.protocol.Frames.reset("c",
                "new-epoc", 2)));
        ch.runPendingTasks();
        List<String> frames = new ArrayList<>();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            var n = Json.parseObject(((TextWebSocketFrame) o).text());
            frames.add(n.path("type").asText() + ":" + n.path("seq").asLong());
            ((WebSocketFrame) o).release();
        }
        assertEquals(List.of("reset:2", "message:1", "message:2"), frames);
    }
}
