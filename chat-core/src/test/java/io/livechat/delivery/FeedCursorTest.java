package io.livechat.delivery;

import io.livechat.metrics.ChatMetrics;
import io.livechat.store.SeqEvent;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeedCursorTest {

    private static final ChatMetrics METRICS = new ChatMetrics();
    private final DefaultEventLoop feedLoop = new DefaultEventLoop();
    private final DefaultEventLoop connectionLoop = new DefaultEventLoop();

    @AfterEach
    void stopLoops() {
        feedLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        connectionLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** Records what it is given, and on which thread. */
    private static final class Recorder implements FeedCursor.Sink {
        final List<Long> seqs = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        volatile boolean ready = true;

        @Override
        public boolean ready() {
            return ready;
        }

        @Override
        public void deliver(List<SeqEvent> events, long covered) {
            threads.add(Thread.currentThread().getName());
            events.forEach(e -> seqs.add(e.seq()));
        }
    }

    private static String threadOf(DefaultEventLoop loop) throws Exception {
        return loop.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
    }

    @Test
    void eventsOfAFeedOnAnotherLoopAreHandedOverOnTheConnectionsLoop() throws Exception {
        FakeLog log = new FakeLog();
        ConversationFeed feed = new ConversationFeed("c", 0, List.of(), 8, log, feedLoop, null);
        Recorder sink = new Recorder();
        FeedCursor cursor = new FeedCursor(feed, connectionLoop, 0, sink, 16, METRICS, "test");
        feed.addListener(cursor);
        feed.offer(log.add(1));
        feed.offer(log.add(2));
        await().atMost(5, TimeUnit.SECONDS).until(() -> sink.seqs.equals(List.of(1L, 2L)));
        String connection = threadOf(connectionLoop);
        assertTrue(sink.threads.stream().allMatch(connection::equals), sink.threads.toString());
    }

    @Test
    void aLogReadsResultComesBackToTheConnectionsLoopBeforeItIsHandedOver() throws Exception {
        FakeLog log = new FakeLog();
        log.addAll(1, 5);
        ConversationFeed feed = new ConversationFeed("c", 5, List.of(), 8, log, feedLoop, null);
        Recorder sink = new Recorder();
        FeedCursor cursor = new FeedCursor(feed, connectionLoop, 2, sink, 16, METRICS, "test");
        connectionLoop.execute(cursor::pump);
        await().atMost(5, TimeUnit.SECONDS).until(() -> log.reads().size() == 1);
        assertEquals(2, log.reads().get(0).after());
        assertEquals(5, log.reads().get(0).upto());
        log.answerAll(); // on the test thread, standing for a Lettuce I/O thread
        await().atMost(5, TimeUnit.SECONDS).until(() -> sink.seqs.equals(List.of(3L, 4L, 5L)));
        assertEquals(List.of(threadOf(connectionLoop)), sink.threads);
    }

    @Test
    void aStoppedCursorHandsNothingOverWhenItsLogReadCompletes() {
        EmbeddedChannel ch = new EmbeddedChannel();
        FakeLog log = new FakeLog();
        log.addAll(1, 3);
        ConversationFeed feed = new ConversationFeed("c", 3, List.of(), 8, log, ch.eventLoop(), null);
        Recorder sink = new Recorder();
        FeedCursor cursor = new FeedCursor(feed, ch.eventLoop(), 0, sink, 16, METRICS, "test");
        cursor.pump();
        cursor.stop();
        log.answerAll();
        assertTrue(sink.seqs.isEmpty());
    }

    @Test
    void aFailedLogReadIsTriedAgainLater() {
        EmbeddedChannel ch = new EmbeddedChannel();
        FakeLog log = new FakeLog();
        log.addAll(1, 3);
        ConversationFeed feed = new ConversationFeed("c", 3, List.of(), 8, log, ch.eventLoop(), null);
        Recorder sink = new Recorder();
        FeedCursor cursor = new FeedCursor(feed, ch.eventLoop(), 0, sink, 16, METRICS, "test");
        cursor.pump();
        log.failAll(new IllegalStateException("redis down"));
        ch.advanceTimeBy(1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        log.answerAll();
        assertEquals(List.of(1L, 2L, 3L), sink.seqs);
    }

    /**
     * A sink whose writes make the channel unwritable and writable again part-way through a batch (a flush on the
     * unwritable event, as Netty's FlushConsolidationHandler does) re-enters the pump from inside the delivery: the
     * next batch must not be handed over before the rest of the current one.
     */
    @Test
    void aPumpReEnteredFromInsideADeliveryKeepsTheOrder() {
        io.netty.util.concurrent.EventExecutor loop = io.netty.util.concurrent.ImmediateEventExecutor.INSTANCE;
        java.util.List<SeqEvent> recent = new java.util.ArrayList<>();
        for (long seq = 1; seq <= 40; seq++) {
            recent.add(new SeqEvent(seq, "{\"seq\":" + seq + "}"));
        }
        ConversationFeed feed = new ConversationFeed("c", 40, recent, 64, new FakeLog(), loop, null);
        java.util.List<Long> written = new java.util.ArrayList<>();
        FeedCursor[] cursor = new FeedCursor[1];
        FeedCursor.Sink sink = new FeedCursor.Sink() {
            @Override
            public boolean ready() {
                return true;
            }

            @Override
            public void deliver(List<SeqEvent> events, long covered) {
                for (int i = 0; i < events.size(); i++) {
                    written.add(events.get(i).seq());
                    if (i == events.size() / 2) {
                        cursor[0].pump(); // the writability event, fired synchronously in the middle of the writes
                    }
                }
            }
        };
        cursor[0] = new FeedCursor(feed, loop, 0, sink, 8, METRICS, "test");
        cursor[0].pump();
        assertEquals(java.util.stream.LongStream.rangeClosed(1, 40).boxed().toList(), written);
    }
}
