package io.livechat.session;

import io.livechat.delivery.EventBatch;
import io.livechat.delivery.FeedListener;
import io.livechat.delivery.LogReader;
import io.livechat.store.SeqEvent;
import io.netty.util.concurrent.ImmediateEventExecutor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VisitorSessionTest {

    /** An in-memory stand-in for the Redis log that completes reads when the test says so. */
    private static final class Log implements LogReader {
        final TreeMap<Long, SeqEvent> events = new TreeMap<>();
        final List<CompletableFuture<List<SeqEvent>>> pending = new ArrayList<>();
        final List<long[]> reads = new ArrayList<>();

        SeqEvent add(long seq) {
            SeqEvent e = new SeqEvent(seq, "{\"seq\":" + seq + "}");
            events.put(seq, e);
            return e;
        }

        @Override
        public CompletableFuture<List<SeqEvent>> read(String conversationId, long after, long upto) {
            reads.add(new long[]{after, upto});
            CompletableFuture<List<SeqEvent>> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }

        void answerAll() {
            for (int i = 0; i < pending.size(); i++) {
                long[] r = reads.get(i);
                pending.get(i).complete(new ArrayList<>(events.subMap(r[0], false, r[1], true).values()));
            }
            pending.clear();
            reads.clear();
        }
    }

    private static List<Long> seqs(EventBatch b) {
        return b.events().stream().map(SeqEvent::seq).toList();
    }

    @Test
    void eventsInOrderAreServedFromMemoryAndDuplicatesIgnored() {
        Log log = new Log();
        VisitorSession s = new VisitorSession("s", "c", "demo", "", 0, List.of(), 8, log,
                ImmediateEventExecutor.INSTANCE);
        s.offer(log.add(1));
        s.offer(log.add(2));
        s.offer(log.events.get(1L));
        assertEquals(List.of(1L, 2L), seqs(s.eventsAfter(0, 10)));
        assertEquals(List.of(2L), seqs(s.eventsAfter(1, 10)));
        assertTrue(s.eventsAfter(2, 10).events().isEmpty());
        assertTrue(log.reads.isEmpty(), "no log read for contiguous events");
    }

    @Test
    void aGapIsReadFromTheLogAndDeliveredInOrder() {
        Log log = new Log();
        VisitorSession s = new VisitorSession("s", "c", "demo", "", 0, List.of(), 8, log,
                ImmediateEventExecutor.INSTANCE);
        List<Long> notified = new ArrayList<>();
        s.addListener(new FeedListener() {
            @Override
            public void onNewEvents() {
                notified.add(s.lastSeq());
            }

            @Override
            public void onEphemeral(String json) {
            }

            @Override
            public void onMoved() {
            }
        });
        s.offer(log.add(1));
        log.add(2);
        log.add(3);
        s.offer(log.add(4)); // 2 and 3 were lost by pub/sub
        assertEquals(1, s.lastSeq(), "nothing past the gap is served before it is filled");
        assertEquals(1, log.reads.size());
        assertEquals(1, log.reads.get(0)[0]);
        assertEquals(3, log.reads.get(0)[1]);
        log.answerAll();
        assertEquals(List.of(1L, 2L, 3L, 4L), seqs(s.eventsAfter(0, 10)));
        assertEquals(List.of(1L, 4L), notified);
    }

    @Test
    void aCursorOlderThanTheBufferAsksForALogRead() {
        Log log = new Log();
        List<SeqEvent> recent = new ArrayList<>();
        for (long i = 1; i <= 20; i++) {
            recent.add(log.add(i));
        }
        VisitorSession s = new VisitorSession("s", "c", "demo", "", 20, recent.subList(12, 20), 8, log,
                ImmediateEventExecutor.INSTANCE);
        EventBatch b = s.eventsAfter(3, 100);
        assertTrue(b.needsFetch());
        assertEquals(12, b.fetchUpto());
        assertEquals(List.of(13L, 14L), seqs(s.eventsAfter(12, 2)));
    }

    @Test
    void eventsTrimmedFromTheLogAreSkippedRatherThanBlockingTheSession() {
        Log log = new Log();
        VisitorSession s = new VisitorSession("s", "c", "demo", "", 0, List.of(), 8, log,
                ImmediateEventExecutor.INSTANCE);
        s.offer(log.add(5)); // 1..4 are not in the log any more
        log.answerAll();
        assertEquals(5, s.lastSeq());
    }

    @Test
    void theEpochAttachedWithIsTheEpochServedWhetherItPacksOrNot() {
        for (String epoch : new String[] {"Q2x9aZ0b", "", "not-an-epoch!"}) {
            VisitorSession s = new VisitorSession("s", "c", "demo", "", 0, List.of(), epoch, 8, new Log(),
                    ImmediateEventExecutor.INSTANCE);
            assertEquals(epoch, s.epoch());
        }
    }
}
