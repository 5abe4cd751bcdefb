package io.livechat.store;

import io.livechat.protocol.ChatMessage;
import io.livechat.protocol.ErrorCode;
import io.livechat.protocol.MessageJson;
import io.livechat.store.ConversationStore.Accepted;
import io.livechat.store.ConversationStore.Snapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract of {@link ConversationStore}, for every implementation. */
public abstract class ConversationStoreContract extends StoreContract {

    private ConversationStore log() {
        return stores().conversations();
    }

    private String open(ConversationStore log, String conv) {
        join(log.create(conv, "site-1", "sid-" + conv, 1_700_000_000_000L));
        return conv;
    }

    private String open(String conv) {
        return open(log(), conv);
    }

    private static Accepted visitorSays(ConversationStore log, String conv, String clientMsgId, String text) {
        return join(log.accept(new NewMessage(conv, clientMsgId, ChatMessage.FROM_VISITOR, "sid-" + conv, "Vera",
                text, "")));
    }

    private Accepted visitorSays(String conv, String clientMsgId, String text) {
        return visitorSays(log(), conv, clientMsgId, text);
    }

    private NewMessage agentMessage(String conv, String agentId, String clientMsgId) {
        return new NewMessage(conv, clientMsgId, ChatMessage.FROM_AGENT, agentId, "Ada", "hello", agentId);
    }

    private static List<Long> seqs(List<SeqEvent> events) {
        return events.stream().map(SeqEvent::seq).toList();
    }

    @Test
    void messagesAreNumberedFromOneWithoutGaps() {
        String c = open("conv-1");
        assertEquals(1, visitorSays(c, "m1", "hi").seq());
        assertEquals(2, visitorSays(c, "m2", "anyone?").seq());
        assertEquals(3, join(log().accept(new NewMessage(c, "s1", ChatMessage.FROM_SYSTEM, "", "", "note", ""))).seq());
        assertEquals(3, join(log().state(c)).lastSeq());
    }

    @Test
    void eachConversationCountsItsOwnSeq() {
        for (int i = 0; i < 6; i++) {
            open("conv-" + i);
        }
        for (int i = 0; i < 6; i++) {
            assertEquals(1, visitorSays("conv-" + i, "m1", "hi").seq());
            assertEquals(2, visitorSays("conv-" + i, "m2", "hi").seq());
        }
    }

    /** Fifty messages, each sent twice, from four threads at once: seqs 1 to 50, one per message. */
    @Test
    void concurrentSendsAndRetriesGetEachSeqOnce() {
        String c = open("conv-1");
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Accepted>> sends = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String id = "m" + (i % 50);
                sends.add(CompletableFuture.supplyAsync(() -> visitorSays(c, id, "text"), senders));
            }
            Map<Long, Set<Integer>> idsBySeq = new TreeMap<>();
            for (int i = 0; i < sends.size(); i++) {
                idsBySeq.computeIfAbsent(join(sends.get(i)).seq(), k -> new HashSet<>()).add(i % 50);
            }
            assertEquals(LongStream.rangeClosed(1, 50).boxed().toList(), List.copyOf(idsBySeq.keySet()));
            idsBySeq.values().forEach(ids -> assertEquals(1, ids.size(), () -> "one seq for " + ids));
            assertEquals(50, join(log().range(c, 0, -1)).size());
        } finally {
            senders.shutdownNow();
        }
    }

    @Test
    void duplicateClientMsgIdAnswersTheFirstSeq() {
        String c = open("conv-1");
        visitorSays(c, "m1", "first");
        visitorSays(c, "m2", "second");
        Accepted again = visitorSays(c, "m1", "first, retried");
        assertEquals(1, again.seq());
        assertTrue(again.duplicate());
        assertNull(again.event());
        assertEquals("sid-" + c, again.visitorSid());
        assertEquals(List.of(1L, 2L), seqs(join(log().range(c, 0, -1))));
        assertEquals("first", MessageJson.parse(join(log().range(c, 0, 1)).get(0).json()).text());
    }

    @Test
    void eventIsTheMessageAsClientsReceiveItAndTheLogKeepsTheSameText() {
        String c = open("conv-1");
        Accepted a = visitorSays(c, "m1", "Hi \"there\"\n<b>");
        assertFalse(a.duplicate());
        assertEquals(new SeqEvent(1, a.event().json()), a.event());
        ChatMessage m = MessageJson.parse(a.event().json());
        assertEquals(List.of(c, "m1", "visitor", "sid-" + c, "Vera", "Hi \"there\"\n<b>"),
                List.of(m.conversationId(), m.clientMsgId(), m.from(), m.senderId(), m.senderName(), m.text()));
        assertEquals(1, m.seq());
        assertTrue(m.ts() > 0);
        assertEquals(List.of(a.event()), join(log().range(c, 0, -1)));
    }

    @Test
    void eventMarkerIsPartOfTheEvent() {
        String c = open("conv-1");
        join(log().setAgent(c, "agent-1"));
        Accepted a = join(log().accept(new NewMessage(c, "closed-0", ChatMessage.FROM_SYSTEM, "agent-1", "Ada",
                "The conversation was closed.", "agent-1", "closed")));
        assertTrue(a.event().json().contains("\"event\":\"closed\""), a.event().json());
    }

    @Test
    void acceptToAnUnknownConversationFailsWithUnknownSession() {
        assertFailsWith(ErrorCode.UNKNOWN_SESSION, log().accept(new NewMessage("nope", "m1",
                ChatMessage.FROM_VISITOR, "sid", "", "hi", "")));
    }

    @Test
    void agentOfAnotherConversationIsRefusedWithNotAssigned() {
        String c = open("conv-1");
        join(log().setAgent(c, "agent-1"));
        join(log().setAgent(open("conv-2"), "agent-2"));
        assertFailsWith(ErrorCode.NOT_ASSIGNED, log().accept(agentMessage(c, "agent-2", "a1")));
        assertEquals(0, join(log().state(c)).lastSeq());
        assertEquals(1, join(log().accept(agentMessage(c, "agent-1", "a1"))).seq());
    }

    @Test
    void agentCannotWriteToAConversationWithoutAgent() {
        String c = open("conv-1");
        assertFailsWith(ErrorCode.NOT_ASSIGNED, log().accept(agentMessage(c, "agent-1", "a1")));
        assertTrue(join(log().range(c, 0, -1)).isEmpty());
    }

    @Test
    void acceptanceSaysWhoIsInTheConversationAndWhereTheVisitorIs() {
        String c = open("conv-1");
        assertEquals("", visitorSays(c, "m1", "hi").visitorNode());
        join(log().attach(c, "gateway-1", 10));
        join(log().setAgent(c, "agent-1"));
        Accepted a = join(log().accept(agentMessage(c, "agent-1", "a1")));
        assertEquals(List.of("sid-" + c, "gateway-1", "agent-1"), List.of(a.visitorSid(), a.visitorNode(),
                a.agentId()));
    }

    @Test
    void visitorWritingAfterCloseReopensUnassigned() {
        String c = open("conv-1");
        visitorSays(c, "m1", "hi");
        join(log().setAgent(c, "agent-1"));
        assertTrue(join(log().close(c, "agent-1")));
        assertEquals("closed", join(log().state(c)).status());

        Accepted a = visitorSays(c, "m2", "one more thing");
        assertEquals("", a.agentId());
        ConversationState s = join(log().state(c));
        assertEquals(List.of("open", ""), List.of(s.status(), s.agentId()));
        assertFailsWith(ErrorCode.NOT_ASSIGNED, log().accept(agentMessage(c, "agent-1", "a1")));
    }

    @Test
    void aRatingAfterCloseLeavesTheConversationClosedWithItsAgent() {
        String c = open("conv-1");
        visitorSays(c, "m1", "hi");
        join(log().setAgent(c, "agent-1"));
        join(log().close(c, "agent-1"));
        Accepted a = join(log().accept(new NewMessage(c, "rating-1", ChatMessage.FROM_VISITOR, "sid-" + c, "",
                "Rated 9/10", "", "rating")));
        assertEquals("agent-1", a.agentId());
        ConversationState s = join(log().state(c));
        assertEquals(List.of("closed", "agent-1"), List.of(s.status(), s.agentId()));
    }

    @Test
    void retriedVisitorMessageDoesNotReopenAClosedConversation() {
        String c = open("conv-1");
        visitorSays(c, "m1", "hi");
        join(log().setAgent(c, "agent-1"));
        join(log().close(c, "agent-1"));
        assertTrue(visitorSays(c, "m1", "hi").duplicate());
        ConversationState s = join(log().state(c));
        assertEquals(List.of("closed", "agent-1"), List.of(s.status(), s.agentId()));
    }

    @Test
    void closingTwiceAnswersTrueThenFalse() {
        String c = open("conv-1");
        join(log().setAgent(c, "agent-1"));
        assertTrue(join(log().close(c, "agent-1")));
        assertFalse(join(log().close(c, "agent-1")));
    }

    @Test
    void closeByAnotherAgentIsRefusedWithNotAssigned() {
        String c = open("conv-1");
        join(log().setAgent(c, "agent-1"));
        assertFailsWith(ErrorCode.NOT_ASSIGNED, log().close(c, "agent-2"));
        assertEquals("open", join(log().state(c)).status());
    }

    @Test
    void setAgentRecordsTheAgentAndAnswersFalseForAnUnknownConversation() {
        String c = open("conv-1");
        assertTrue(join(log().setAgent(c, "agent-1")));
        assertEquals("agent-1", join(log().state(c)).agentId());
        assertEquals("agent-1", join(log().route(c)).agentId());
        assertFalse(join(log().setAgent("nope", "agent-1")));
        assertNull(join(log().state("nope")));
    }

    @Test
    void logKeepsOnlyTheNewestHistoryCapEvents() {
        ConversationStore log = fixture().stores(5, LEASE_SECONDS).conversations();
        String c = open(log, "conv-1");
        for (int i = 1; i <= 8; i++) {
            assertEquals(i, visitorSays(log, c, "m" + i, "message " + i).seq());
        }
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L), seqs(join(log.range(c, 0, -1))));
        Snapshot s = join(log.attach(c, "gateway-1", 100));
        assertEquals(8, s.lastSeq());
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L), seqs(s.recent()));
        assertTrue(visitorSays(log, c, "m1", "message 1").duplicate(), "ids outlive the trimmed events");
    }

    @Test
    void rangeReturnsTheEventsAfterTheFirstSeqUpToTheSecond() {
        String c = open("conv-1");
        for (int i = 1; i <= 5; i++) {
            visitorSays(c, "m" + i, "message " + i);
        }
        assertEquals(List.of(2L, 3L), seqs(join(log().range(c, 1, 3))));
        assertEquals(List.of(4L, 5L), seqs(join(log().range(c, 3, -1))));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(join(log().range(c, 0, 99))));
        assertTrue(join(log().range(c, 5, -1)).isEmpty());
        assertTrue(join(log().range(c, 3, 3)).isEmpty());
    }

    @Test
    void attachNamesThePreviousNodeAndReturnsTheNewestEvents() {
        String c = open("conv-1");
        Snapshot first = join(log().attach(c, "gateway-1", 3));
        assertEquals(new Snapshot("", 0, List.of(), join(log().state(c)).epoch()), first);
        for (int i = 1; i <= 5; i++) {
            visitorSays(c, "m" + i, "message " + i);
        }
        Snapshot second = join(log().attach(c, "gateway-2", 3));
        assertEquals("gateway-1", second.previousNode());
        assertEquals(5, second.lastSeq());
        assertEquals(List.of(3L, 4L, 5L), seqs(second.recent()));
        assertEquals(join(log().range(c, 2, -1)), second.recent());
        assertEquals("gateway-2", join(log().route(c)).visitorNode());
        assertEquals("gateway-2", join(log().attach(c, "gateway-2", 0)).previousNode());
    }

    @Test
    void attachToAnUnknownConversationIsNullAndTakesNoLease() {
        assertNull(join(log().attach("nope", "gateway-1", 10)));
        assertNull(join(stores().registry().holder("nope")));
    }

    @Test
    void receiptsKeepTheHighestMark() {
        String c = open("conv-1");
        for (int i = 1; i <= 3; i++) {
            visitorSays(c, "m" + i, "message " + i);
        }
        join(log().attach(c, "gateway-1", 0));
        join(log().setAgent(c, "agent-1"));
        assertEquals(new ConversationRoute("sid-" + c, "gateway-1", "agent-1"),
                join(log().receipt(c, "agentRead", 2, "agent-1")));
        assertNull(join(log().receipt(c, "agentRead", 1, "agent-1")), "an older mark does not move it back");
        assertNull(join(log().receipt(c, "agentRead", 2, "agent-1")), "the same mark is not passed on again");
        assertNotNull(join(log().receipt(c, "agentDelivered", 3, "agent-1")));
        assertNotNull(join(log().receipt(c, "visitorDelivered", 1, "")));
        assertNotNull(join(log().receipt(c, "visitorRead", 1, "")));
        ConversationState s = join(log().state(c));
        assertEquals(List.of(1L, 1L, 3L, 2L), List.of(s.visitorDelivered(), s.visitorRead(), s.agentDelivered(),
                s.agentRead()));
    }

    @Test
    void anAgentsReceiptOnAConversationNotAssignedToItFailsAndChangesNothing() {
        String c = open("conv-1");
        visitorSays(c, "m1", "hi");
        assertFailsWith(ErrorCode.NOT_ASSIGNED, log().receipt(c, "agentRead", 1, "agent-2"));
        join(log().setAgent(c, "agent-1"));
        assertFailsWith(ErrorCode.NOT_ASSIGNED, log().receipt(c, "agentRead", 1, "agent-2"));
        assertEquals(0, join(log().state(c)).agentRead());
    }

    @Test
    void receiptBeyondTheLastMessageFailsWithCursorAhead() {
        String c = open("conv-1");
        visitorSays(c, "m1", "hi");
        assertFailsWith(ErrorCode.CURSOR_AHEAD, log().receipt(c, "visitorRead", 2, ""));
        assertEquals(0, join(log().state(c)).visitorRead());
    }

    @Test
    void receiptForAnUnknownConversationFailsWithUnknownSession() {
        assertFailsWith(ErrorCode.UNKNOWN_SESSION, log().receipt("nope", "visitorRead", 0, ""));
    }

    @Test
    void newConversationIsOpenWithoutAgentAtSeqZero() {
        String epoch = join(log().create("conv-1", "site-1", "sid-1", 1_700_000_000_000L));
        assertEquals(new ConversationState("conv-1", "site-1", "sid-1", "", "open", 0, 1_700_000_000_000L, 0, 0, 0,
                0, epoch), join(log().state("conv-1")));
        assertEquals(new ConversationRoute("sid-1", "", ""), join(log().route("conv-1")));
    }

    @Test
    void unknownConversationHasNoStateNoRouteAndNoEvents() {
        assertNull(join(log().state("nope")));
        assertNull(join(log().route("nope")));
        assertTrue(join(log().range("nope", 0, -1)).isEmpty());
    }

    @Test
    void erasedConversationIsGoneWithItsLeaseAndRefusesNewMessages() {
        String c = open("conv-1");
        String other = open("conv-2");
        visitorSays(c, "m1", "my address is 1 Main St");
        visitorSays(other, "o1", "keep me");
        join(log().attach(c, "gateway-1", 10));
        assertTrue(join(log().erase(c)));
        assertNull(join(log().state(c)));
        assertNull(join(log().route(c)));
        assertNull(join(log().attach(c, "gateway-1", 10)), "nothing to attach to");
        assertNull(join(stores().registry().holder(c)));
        assertTrue(join(log().range(c, 0, -1)).isEmpty());
        assertFailsWith(ErrorCode.UNKNOWN_SESSION, log().accept(new NewMessage(c, "m2", ChatMessage.FROM_VISITOR,
                "sid-" + c, "Vera", "again", "")));
        assertFalse(join(log().erase(c)), "nothing left to erase");
        assertEquals(List.of(1L), seqs(join(log().range(other, 0, -1))));
    }

    @Test
    void everyLogGetsItsOwnEpochAndAttachReturnsIt() {
        String e1 = join(log().create("conv-1", "site-1", "sid-1", 1L));
        String e2 = join(log().create("conv-2", "site-1", "sid-2", 1L));
        assertEquals(8, e1.length());
        assertFalse(e1.equals(e2), "each log has its own epoch");
        assertEquals(e1, join(log().attach("conv-1", "gateway-1", 10)).epoch());
        assertEquals(e1, join(log().state("conv-1")).epoch());
    }

    private static ConversationStore.Restoration restoration(String conv, long lastSeq, long... seqs) {
        List<ConversationStore.RestoredMessage> messages = new ArrayList<>();
        for (long seq : seqs) {
            messages.add(new ConversationStore.RestoredMessage(seq, "c-" + seq, MessageJson.prefix(conv) + seq
                    + MessageJson.suffix("c-" + seq, ChatMessage.FROM_VISITOR, "sid-" + conv, "Vera", "m" + seq,
                    1_700_000_000_000L)));
        }
        return new ConversationStore.Restoration(conv, "site-1", "sid-" + conv, "agent-1", "open",
                1_700_000_000_000L, lastSeq, messages);
    }

    @Test
    void restoredConversationHasANewEpochItsStateItsMessagesAndGoesOnAfterTheRestoredSeq() {
        ConversationStore.Restored r = join(log().restore(restoration("conv-1", 7, 5, 6, 7)));
        assertTrue(r.created());
        assertEquals(7, r.lastSeq());
        assertEquals(8, r.epoch().length());
        ConversationState s = join(log().state("conv-1"));
        assertEquals(List.of("site-1", "sid-conv-1", "agent-1", "open", "7", r.epoch()), List.of(s.siteKey(),
                s.visitorSid(), s.agentId(), s.status(), String.valueOf(s.lastSeq()), s.epoch()));
        Snapshot snap = join(log().attach("conv-1", "gateway-1", 10));
        assertEquals(List.of(5L, 6L, 7L), seqs(snap.recent()));
        assertEquals(r.epoch(), snap.epoch());
        assertEquals(8, visitorSays("conv-1", "new-1", "after the loss").seq(), "no seq is given twice");
        Accepted retry = visitorSays("conv-1", "c-6", "m6");
        assertTrue(retry.duplicate(), "a retry of a restored message is a duplicate");
        assertEquals(6, retry.seq());
    }

    @Test
    void restoringAConversationTheStoreHasChangesNothing() {
        String c = open("conv-1");
        String epoch = join(log().state(c)).epoch();
        visitorSays(c, "m1", "hi");
        ConversationStore.Restored r = join(log().restore(restoration(c, 9, 9)));
        assertFalse(r.created());
        assertEquals(epoch, r.epoch());
        assertEquals(1, r.lastSeq());
        assertEquals(List.of(1L), seqs(join(log().range(c, 0, -1))));
    }

    @Test
    void twoNodesRestoringAtOnceAgreeOnOneEpoch() {
        ConversationStore.Restored a = join(log().restore(restoration("conv-1", 3, 3)));
        ConversationStore.Restored b = join(log().restore(restoration("conv-1", 3, 3)));
        assertTrue(a.created() != b.created());
        assertEquals(a.epoch(), b.epoch());
    }

    @Test
    void reseatAtTheExpectedSeqRenewsTheEpochReplacesTheLogAndKeepsTheState() {
        String c = open("conv-1");
        String epoch = join(log().state(c)).epoch();
        visitorSays(c, "m1", "hi");
        visitorSays(c, "m2", "again"); // seq 2 was given twice: the record moved this message to seq 5
        ConversationStore.Restored r = join(log().reseat(restoration(c, 5, 4, 5), 2));
        assertTrue(r.created());
        assertNotEquals(epoch, r.epoch());
        assertEquals(5, r.lastSeq());
        ConversationState s = join(log().state(c));
        assertEquals(List.of("site-1", r.epoch(), 5L), List.of(s.siteKey(), s.epoch(), s.lastSeq()),
                "the state stays, the epoch and seq follow the record");
        assertEquals(List.of(4L, 5L), seqs(join(log().range(c, 0, -1))));
        assertEquals(6, visitorSays(c, "m3", "next").seq(), "no seq of the record is given again");
        assertTrue(visitorSays(c, "c-5", "m5").duplicate(), "the idempotency record follows the record too");
    }

    @Test
    void reseatOfAConversationThatMovedOnChangesNothing() {
        String c = open("conv-1");
        String epoch = join(log().state(c)).epoch();
        visitorSays(c, "m1", "hi");
        visitorSays(c, "m2", "again");
        ConversationStore.Restored r = join(log().reseat(restoration(c, 9, 9), 1));
        assertFalse(r.created());
        assertEquals(2, r.lastSeq());
        assertEquals(epoch, join(log().state(c)).epoch());
        assertEquals(List.of(1L, 2L), seqs(join(log().range(c, 0, -1))));
    }

    @Test
    void reseatOfAConversationTheStoreLostRestoresIt() {
        ConversationStore.Restored r = join(log().reseat(restoration("conv-1", 7, 6, 7), 3));
        assertTrue(r.created());
        assertEquals(7, join(log().state("conv-1")).lastSeq());
    }
}
