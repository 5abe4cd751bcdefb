package io.livechat.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.Json;
import io.livechat.store.SeqEvent;
import io.netty.channel.DefaultEventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A cursor older than the start of the (capped, trimmed) log: filled from the durable record, or told of a gap. */
class BeyondLogTest {

    private final ChatMetrics metrics = new ChatMetrics();
    private final DefaultEventLoop loop = new DefaultEventLoop();
    private final List<String> historyReads = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** Records every frame it is given, in order. */
    private static final class Frames implements FeedCursor.Sink {
        final List<String> json = new CopyOnWriteArrayList<>();

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public void deliver(List<SeqEvent> events, long covered) {
            events.forEach(e -> json.add(e.json()));
        }

        List<JsonNode> parsed() {
            return json.stream().<JsonNode>map(Json::parseObject).toList();
        }

        List<Long> messageSeqs() {
            return parsed().stream().filter(n -> n.path("type").asText().equals("message"))
                    .map(n -> n.path("seq").asLong()).toList();
        }
    }

    /** A log trimmed to 41..60 (its cap is 20), and a durable record with all of 1..60. */
    private static FakeLog trimmedLog() {
        FakeLog log = new FakeLog().answeringAtOnce();
        log.addAll(41, 60);
        return log;
    }

    private HistoryReader durableRecord() {
        return (conversationId, after, upto, timer) -> {
            historyReads.add(after + ".." + upto);
            List<SeqEvent> out = new ArrayList<>();
            for (long s = after + 1; s <= upto; s++) {
                out.add(FakeLog.message(s));
            }
            return CompletableFuture.completedFuture(out);
        };
    }

    private Frames follow(LogReader log, long after) {
        ConversationFeed feed = new ConversationFeed("c", 60, List.of(), 8, log, loop, null);
        Frames sink = new Frames();
        FeedCursor cursor = new FeedCursor(feed, loop, after, sink, 16, metrics, "test");
        loop.execute(cursor::pump);
        return sink;
    }

    private double count(String name) {
        return metrics.registry().find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void aCursorOlderThanTheLogsStartGetsTheMissingRangeFromTheDurableRecordInOrderEachOnce() {
        Frames sink = follow(LogReader.withHistory(trimmedLog(), durableRecord()), 5);
        List<Long> all = LongStream.rangeClosed(6, 60).boxed().toList();
        await().atMost(5, TimeUnit.SECONDS).until(() -> sink.messageSeqs().size() >= all.size());
        assertEquals(all, sink.messageSeqs());
        assertEquals(all.size(), sink.json.size(), "no frame but the messages");
        assertEquals(List.of("5..21", "21..37", "37..40"), historyReads, "only the range the log lacks, in batches");
        assertEquals(3.0, count("chat.history.fills"));
        assertEquals(0.0, count("chat.history.gaps"));
    }

    @Test
    void aCursorInsideTheLogNeverAsksTheDurableRecord() {
        Frames sink = follow(LogReader.withHistory(trimmedLog(), durableRecord()), 45);
        await().atMost(5, TimeUnit.SECONDS).until(() -> sink.messageSeqs().size() >= 15);
        assertEquals(LongStream.rangeClosed(46, 60).boxed().toList(), sink.messageSeqs());
        assertEquals(List.of(), historyReads);
    }

    @Test
    void aRangeTheDurableRecordCannotGiveIsSignalledWithAGapFrameInItsPlace() {
        HistoryReader down = (c, after, upto, timer) -> CompletableFuture.failedFuture(new Exception("pg down"));
        Frames sink = follow(LogReader.withHistory(trimmedLog(), down), 30);
        await().atMost(5, TimeUnit.SECONDS).until(() -> sink.messageSeqs().size() >= 20);
        JsonNode gap = sink.parsed().get(0);
        assertEquals("gap", gap.path("type").asText(), sink.json.toString());
        assertEquals("c", gap.path("conversationId").asText());
        assertEquals(30, gap.path("after").asLong());
        assertEquals(40, gap.path("upto").asLong());
        assertEquals(21, sink.json.size(), "the gap, then 41..60: " + sink.json);
        assertEquals(LongStream.rangeClosed(41, 60).boxed().toList(), sink.messageSeqs());
        assertEquals(1.0, count("chat.history.gaps"));
    }

    @Test
    void aDurableRecordThatLacksPartOfTheRangeIsAGapNotASilentSkip() {
        HistoryReader partial = (c, after, upto, timer) -> CompletableFuture.completedFuture(
                List.of(FakeLog.message(after + 1), FakeLog.message(upto)));
        Frames sink = follow(LogReader.withHistory(trimmedLog(), partial), 35);
        await().atMost(5, TimeUnit.SECONDS).until(() -> sink.messageSeqs().size() >= 20);
        assertEquals("gap", sink.parsed().get(0).path("type").asText(), sink.json.toString());
        assertEquals(LongStream.rangeClosed(41, 60).boxed().toList(), sink.messageSeqs());
    }

    @Test
    void aLogWithoutADurableRecordSignalsTheGapToo() {
        Frames sink = follow(trimmedLog(), 0);
        await().atMost(5, TimeUnit.SECONDS).until(() -> sink.messageSeqs().size() >= 20);
        List<JsonNode> gaps = sink.parsed().stream().filter(n -> n.path("type").asText().equals("gap")).toList();
        assertEquals(0, gaps.get(0).path("after").asLong());
        assertEquals(40, gaps.get(gaps.size() - 1).path("upto").asLong());
        assertEquals(LongStream.rangeClosed(41, 60).boxed().toList(), sink.messageSeqs());
    }
}
