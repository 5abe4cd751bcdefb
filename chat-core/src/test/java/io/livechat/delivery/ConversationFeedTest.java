package io.livechat.delivery;

import io.livechat.store.SeqEvent;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConversationFeedTest {

    private final DefaultEventLoop loop = new DefaultEventLoop();

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static List<Long> seqs(EventBatch b) {
        return b.events().stream().map(SeqEvent::seq).toList();
    }

    /** Records on which thread each notification came. */
    private static final class Threads implements FeedListener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onNewEvents() {
            seen.add(Thread.currentThread().getName());
        }

        @Override
        public void onEphemeral(String json) {
            seen.add(Thread.currentThread().getName());
        }
    }

    private String loopThread() throws Exception {
        return loop.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
    }

    @Test
    void anEventOfferedFromAnotherThreadIsTakenOnTheOwnerLoop() throws Exception {
        FakeLog log = new FakeLog();
        ConversationFeed feed = new ConversationFeed("c", 0, List.of(), 8, log, loop, null);
        Threads listener = new Threads();
        feed.addListener(listener);
        feed.offer(log.add(1)); // the test thread stands for a Lettuce I/O thread
        feed.ephemeral("{\"type\":\"typing\"}");
        await().atMost(5, TimeUnit.SECONDS).until(() -> listener.seen.size() == 2);
        assertEquals(List.of(loopThread(), loopThread()), listener.seen);
        assertEquals(List.of(1L), seqs(feed.eventsAfter(0, 10)));
    }

    @Test
    void aLogReadsResultIsAppliedOnTheOwnerLoop() throws Exception {
        FakeLog log = new FakeLog();
        ConversationFeed feed = new ConversationFeed("c", 0, List.of(), 8, log, loop, null);
        Threads listener = new Threads();
        feed.addListener(listener);
        log.add(1);
        feed.offer(log.add(2));
        await().atMost(5, TimeUnit.SECONDS).until(() -> log.reads().size() == 1);
        log.answerAll(); // completes on the test thread, as a Redis reply would on a Lettuce thread
        await().atMost(5, TimeUnit.SECONDS).until(() -> feed.lastSeq() == 2);
        assertEquals(List.of(loopThread()), listener.seen);
    }

    @Test
    void expectingALastSeqStartsAnEmptyFeedThereWithoutReadingTheLog() {
        EmbeddedChannel ch = new EmbeddedChannel();
        FakeLog log = new FakeLog();
        ConversationFeed feed = new ConversationFeed("c", 0, List.of(), 8, log, ch.eventLoop(), null);
        feed.expect(5);
        assertEquals(5, feed.lastSeq());
        assertTrue(log.reads().isEmpty());
        assertEquals(5, feed.eventsAfter(0, 10).fetchUpto(), "a cursor reads 1..5 from the log itself");
    }

    @Test
    void expectingALastSeqBeyondTheEventsHeldReadsWhatIsMissing() {
        EmbeddedChannel ch = new EmbeddedChannel();
        FakeLog log = new FakeLog();
        log.addAll(1, 6);
        ConversationFeed feed = new ConversationFeed("c", 2, List.of(), 8, log, ch.eventLoop(), null);
        feed.offer(log.get(3));
        feed.expect(6);
        assertEquals(List.of(3L), log.reads().stream().map(FakeLog.Read::after).toList());
        assertEquals(6, log.reads().get(0).upto());
        log.answerAll();
        assertEquals(List.of(3L, 4L, 5L, 6L), seqs(feed.eventsAfter(2, 10)));
    }

    @Test
    void aFailedGapReadIsRetriedAndTheHeldEventsFollow() {
        EmbeddedChannel ch = new EmbeddedChannel();
        FakeLog log = new FakeLog();
        log.addAll(1, 3);
        ConversationFeed feed = new ConversationFeed("c", 0, List.of(), 8, log, ch.eventLoop(), null);
        feed.offer(log.get(3));
        log.failAll(new IllegalStateException("redis down"));
        assertEquals(0, feed.lastSeq());
        ch.advanceTimeBy(1, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertEquals(2, log.reads().size(), "read again a second later");
        log.answerAll();
        assertEquals(List.of(1L, 2L, 3L), seqs(feed.eventsAfter(0, 10)));
    }

    @Test
    void aResyncReadsTheLogTailAfterTheLastSeqHeld() {
        EmbeddedChannel ch = new EmbeddedChannel();
        FakeLog log = new FakeLog();
        log.addAll(1, 4);
        ConversationFeed feed = new ConversationFeed("c", 0, List.of(), 8, log, ch.eventLoop(), null);
        feed.offer(log.get(1));
        feed.resync();
        assertEquals(1, log.reads().get(0).after());
        assertTrue(log.reads().get(0).upto() < 0, "no upper bound");
        log.answerAll();
        assertEquals(4, feed.lastSeq());
    }

    @Test
    void aReaderOnAnotherThreadSeesEachEventInOrderOrIsSentToTheLog() throws Exception {
        FakeLog log = new FakeLog();
        ConversationFeed feed = new ConversationFeed("c", 0, List.of(), 8, log, loop, null);
        int n = 20_000;
        List<SeqEvent> all = new ArrayList<>(n);
        for (long s = 1; s <= n; s++) {
            all.add(FakeLog.message(s));
        }
        AtomicReference<String> wrong = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            long cursor = 0;
            while (cursor < n && wrong.get() == null) {
                EventBatch b = feed.eventsAfter(cursor, 16);
                if (b.needsFetch()) {
                    if (b.fetchUpto() <= cursor) {
                        wrong.set("fetch up to " + b.fetchUpto() + " at cursor " + cursor);
                    }
                    cursor = Math.min(b.fetchUpto(), cursor + 16); // as if read from the log
                    continue;
                }
                for (SeqEvent e : b.events()) {
                    if (e.seq() != cursor + 1 || e != all.get((int) cursor)) {
                        wrong.set("got " + e.seq() + " after " + cursor);
                    }
                    cursor = e.seq();
                }
            }
        });
        reader.start();
        loop.execute(() -> all.forEach(feed::offer));
        reader.join(TimeUnit.SECONDS.toMillis(30));
        assertEquals(null, wrong.get());
        assertEquals(n, feed.lastSeq());
    }

    @Test
    void everyFollowerIsToldOnceAndARemovedOneNoMore() {
        ConversationFeed feed = new ConversationFeed("c", 0, List.of(), 8, new FakeLog(),
                io.netty.util.concurrent.ImmediateEventExecutor.INSTANCE, null);
        Threads a = new Threads();
        Threads b = new Threads();
        Threads c = new Threads();
        assertTrue(!feed.hasListeners());
        feed.addListener(a);
        feed.addListener(a); // once only
        feed.offer(new SeqEvent(1, "{}"));
        assertEquals(1, a.seen.size());
        feed.addListener(b);
        feed.addListener(c);
        feed.offer(new SeqEvent(2, "{}"));
        feed.ephemeral("{\"type\":\"typing\"}");
        assertEquals(List.of(3, 2, 2), List.of(a.seen.size(), b.seen.size(), c.seen.size()));
        feed.removeListener(b);
        feed.offer(new SeqEvent(3, "{}"));
        assertEquals(List.of(4, 2, 3), List.of(a.seen.size(), b.seen.size(), c.seen.size()));
        feed.removeListener(a);
        feed.removeListener(a);
        feed.offer(new SeqEvent(4, "{}"));
        assertEquals(List.of(4, 2, 4), List.of(a.seen.size(), b.seen.size(), c.seen.size()));
        feed.removeListener(c);
        assertTrue(!feed.hasListeners());
        feed.offer(new SeqEvent(5, "{}"));
        assertEquals(List.of(4, 2, 4), List.of(a.seen.size(), b.seen.size(), c.seen.size()));
        assertEquals(5, feed.lastSeq());
    }
}
