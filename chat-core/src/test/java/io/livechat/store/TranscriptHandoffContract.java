package io.livechat.store;

import io.livechat.protocol.ChatMessage;
import io.livechat.store.TranscriptHandoff.Entry;
import io.livechat.store.TranscriptHandoff.Options;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract of {@link TranscriptHandoff}: every accepted message reaches one writer and stays pending until
 * acknowledged; a writer's unacknowledged entries come back to it after a restart or a reset, and to another
 * writer once idle; for every implementation. Writers acknowledge each batch before fetching the next, as
 * {@code TranscriptWriter} does.
 */
public abstract class TranscriptHandoffContract extends StoreContract {

    private static final Duration NEVER = Duration.ofHours(1);

    private TranscriptHandoff writer(String id, int maxBatch, Duration claimMinIdle, Duration claimEvery) {
        return closeLater(stores().handoff().apply(new Options(id, maxBatch, claimMinIdle, claimEvery)));
    }

    private TranscriptHandoff writer(String id) {
        return writer(id, 100, NEVER, NEVER);
    }

    private void send(String conv, String clientMsgId) {
        ConversationStore log = stores().conversations();
        if (join(log.state(conv)) == null) {
            join(log.create(conv, "site-1", "sid-" + conv, 1L));
        }
        join(log.accept(new NewMessage(conv, clientMsgId, ChatMessage.FROM_VISITOR, "sid-" + conv, "Vera",
                "text of " + clientMsgId, "")));
    }

    /** Fetches until {@code n} entries came (each fetch may wait briefly), acknowledging none. */
    private static List<Entry> fetch(TranscriptHandoff h, int n) {
        List<Entry> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            got.addAll(h.fetch());
            return got.size() >= n;
        });
        assertEquals(n, got.size(), () -> "fetched " + got);
        return got;
    }

    private static Set<String> keys(List<Entry> entries) {
        Set<String> out = new HashSet<>();
        entries.forEach(e -> out.add(e.fields().get(TranscriptHandoff.F_CONV) + "#"
                + e.fields().get(TranscriptHandoff.F_SEQ)));
        return out;
    }

    private static Set<String> ids(List<Entry> entries) {
        Set<String> out = new HashSet<>();
        entries.forEach(e -> out.add(e.shard() + "/" + e.id()));
        return out;
    }

    @Test
    void erasedConversationsWaitingMessagesNeverReachAWriterAndOnesAlreadyFetchedComeBackEmpty() {
        TranscriptHandoff w = writer("w1", 2, NEVER, NEVER);
        send("conv-a", "a1");
        send("conv-a", "a2");
        List<Entry> held = fetch(w, 2);
        send("conv-a", "a3");
        send("conv-b", "b1");
        send("conv-a", "a4");
        assertTrue(join(stores().conversations().erase("conv-a")));
        w.reset(); // re-reads what it was handed and never acknowledged: the erased ones, empty
        List<Entry> again = fetch(w, 2);
        assertEquals(ids(held), ids(again));
        again.forEach(e -> assertTrue(e.fields().isEmpty(), () -> "erased entry came back with " + e.fields()));
        w.acknowledge(again);
        List<Entry> rest = new ArrayList<>();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> {
            rest.addAll(w.fetch());
            return rest.size() == 1;
        });
        assertEquals(Set.of("conv-b#1"), keys(rest));
    }

    @Test
    void acceptedMessageReachesAWriterWithItsFields() {
        join(stores().conversations().create("conv-1", "site-1", "sid-1", 1L));
        join(stores().conversations().setAgent("conv-1", "agent-1"));
        join(stores().conversations().accept(new NewMessage("conv-1", "m1", ChatMessage.FROM_VISITOR, "sid-1",
                "Vera", "hello", "")));
        Map<String, String> f = fetch(writer("writer-1"), 1).get(0).fields();
        assertEquals(Map.of(TranscriptHandoff.F_CONV, "conv-1", TranscriptHandoff.F_SEQ, "1",
                TranscriptHandoff.F_CLIENT_MSG_ID, "m1", TranscriptHandoff.F_FROM, "visitor",
                TranscriptHandoff.F_SENDER_ID, "sid-1", TranscriptHandoff.F_SENDER_NAME, "Vera",
                TranscriptHandoff.F_TEXT, "hello", TranscriptHandoff.F_SITE, "site-1",
                TranscriptHandoff.F_VISITOR, "sid-1", TranscriptHandoff.F_AGENT, "agent-1"),
                Map.copyOf(withoutTs(f)));
        assertTrue(Long.parseLong(f.get(TranscriptHandoff.F_TS)) > 0);
    }

    private static Map<String, String> withoutTs(Map<String, String> f) {
        Map<String, String> copy = new java.util.HashMap<>(f);
        copy.remove(TranscriptHandoff.F_TS);
        return copy;
    }

    @Test
    void duplicateIsHandedOffOnce() {
        send("conv-1", "m1");
        send("conv-1", "m1");
        TranscriptHandoff w = writer("writer-1");
        fetch(w, 1);
        assertTrue(w.fetch().isEmpty());
    }

    @Test
    void acknowledgedEntriesAreNotFetchedAgain() {
        send("conv-1", "m1");
        send("conv-2", "m1");
        TranscriptHandoff w = writer("writer-1");
        List<Entry> batch = fetch(w, 2);
        assertEquals(2, w.pending());
        w.acknowledge(batch);
        assertEquals(0, w.pending());
        assertTrue(w.fetch().isEmpty());
        w.reset();
        assertTrue(w.fetch().isEmpty());
        assertTrue(writer("writer-1").fetch().isEmpty(), "nor after a restart");
    }

    @Test
    void pendingCountsEntriesHandedOutAndNotAcknowledged() {
        send("conv-1", "m1");
        send("conv-1", "m2");
        send("conv-2", "m1");
        TranscriptHandoff w = writer("writer-1");
        assertEquals(0, w.pending(), "nothing handed out yet");
        List<Entry> batch = fetch(w, 3);
        assertEquals(3, w.pending());
        w.acknowledge(batch.subList(0, 1));
        assertEquals(2, w.pending());
    }

    @Test
    void fetchReturnsAtMostTheBatchSizeAndEveryEntryOnce() {
        for (int i = 0; i < 7; i++) {
            send("conv-" + i, "m1");
        }
        TranscriptHandoff w = writer("writer-1", 2, NEVER, NEVER);
        List<Entry> all = new ArrayList<>();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            List<Entry> batch = w.fetch();
            assertTrue(batch.size() <= 2, () -> "a batch of " + batch.size());
            all.addAll(batch);
            w.acknowledge(batch);
            return all.size() >= 7;
        });
        assertEquals(7, all.size(), () -> "fetched " + all);
        assertEquals(7, keys(all).size());
        assertEquals(0, w.pending());
    }

    @Test
    void unacknowledgedEntriesComeBackFirstToTheSameWriterAfterARestart() {
        send("conv-1", "m1");
        send("conv-2", "m1");
        TranscriptHandoff crashed = writer("writer-1");
        List<Entry> lost = fetch(crashed, 2);
        crashed.close();
        send("conv-3", "m1");

        TranscriptHandoff restarted = writer("writer-1");
        List<Entry> again = restarted.fetch();
        assertEquals(ids(lost), ids(again));
        restarted.acknowledge(again);
        assertEquals(Set.of("conv-3#1"), keys(fetch(restarted, 1)));
    }

    @Test
    void resetReadsThisWritersUnacknowledgedEntriesAgain() {
        send("conv-1", "m1");
        TranscriptHandoff w = writer("writer-1");
        List<Entry> failed = fetch(w, 1);
        send("conv-2", "m1");
        w.reset();
        List<Entry> again = w.fetch();
        assertEquals(ids(failed), ids(again));
        w.acknowledge(again);
        assertEquals(Set.of("conv-2#1"), keys(fetch(w, 1)));
    }

    @Test
    void entriesOfADeadWriterAreClaimedByAnotherOnceIdle() {
        send("conv-1", "m1");
        send("conv-2", "m1");
        List<Entry> abandoned = fetch(writer("writer-dead"), 2);
        TranscriptHandoff survivor = writer("writer-2", 100, Duration.ofMillis(200), Duration.ZERO);
        passTime(Duration.ofMillis(300));
        List<Entry> claimed = fetch(survivor, 2);
        assertEquals(ids(abandoned), ids(claimed));
        survivor.acknowledge(claimed);
        assertEquals(0, survivor.pending());
    }

    @Test
    void entriesOfALiveWriterAreNotClaimedBeforeTheyAreIdle() {
        send("conv-1", "m1");
        TranscriptHandoff busy = writer("writer-1");
        List<Entry> held = fetch(busy, 1);
        TranscriptHandoff other = writer("writer-2", 100, Duration.ofMinutes(10), Duration.ZERO);
        assertTrue(other.fetch().isEmpty());
        busy.acknowledge(held);
        assertEquals(0, busy.pending());
    }
}
