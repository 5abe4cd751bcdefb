package io.livechat.session;

import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.ChatMessage;
import io.livechat.protocol.ErrorCode;
import io.livechat.routing.Envelope;
import io.livechat.routing.NodeBus;
import io.livechat.store.NewMessage;
import io.livechat.store.SeqEvent;
import io.livechat.store.Stores;
import io.livechat.store.VisitorDetails;
import io.livechat.store.VisitorRecord;
import io.livechat.store.memory.ManualClock;
import io.livechat.store.memory.MemoryStores;
import io.livechat.delivery.FeedListener;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * SessionManager's attach, takeover and lease renewal over the in-memory stores: several gateway nodes share them
 * as they would share a Redis, and reach each other over the memory node channels (on their own threads).
 */
class SessionManagerTest {

    private static final int LEASE_SECONDS = 60;
    private static final Duration WAIT = Duration.ofSeconds(5);
    /** Feeds run their work on the calling thread: the session logic is under test, not the hand-over. */
    private static final EventExecutor LOOP = ImmediateEventExecutor.INSTANCE;

    private final ManualClock clock = new ManualClock();
    private final Stores stores = MemoryStores.create(clock, 1000, 30, LEASE_SECONDS);
    private final ChatMetrics metrics = new ChatMetrics();
    private final List<NodeBus> buses = new ArrayList<>();

    /** A follower of a session (a WebSocket or a held poll) that notes what it was told. */
    private static final class Follower implements FeedListener {
        final AtomicBoolean moved = new AtomicBoolean();

        @Override
        public void onNewEvents() {
        }

        @Override
        public void onMoved() {
            moved.set(true);
        }
    }

    /** A gateway node: its sessions and its channel, in a process of its own (no in-process shortcut). */
    private SessionManager gateway(String nodeId, long idleMillis) {
        SessionManager sessions = new SessionManager(nodeId, stores.sessions(), stores.conversations(),
                stores.registry(), metrics, 16, idleMillis);
        NodeBus bus = new NodeBus(nodeId, stores.channels().get(), metrics, new ConcurrentHashMap<>());
        sessions.bind(bus);
        bus.start(sessions);
        buses.add(bus);
        return sessions;
    }

    private SessionManager gateway(String nodeId) {
        return gateway(nodeId, Duration.ofMinutes(10).toMillis());
    }

    /** A visitor session "sid-1" with its conversation "conv-1", as VisitorService creates them. */
    private void newVisitor() {
        join(stores.conversations().create("conv-1", "site-1", "sid-1", clock.millis()));
        join(stores.sessions().create("sid-1", new VisitorRecord("conv-1", "site-1",
                new VisitorDetails("Vera", "", "", "", ""), clock.millis())));
    }

    private Follower followed(VisitorSession s) {
        Follower f = new Follower();
        s.addListener(f);
        return f;
    }

    private String holder() {
        return join(stores.registry().holder("conv-1"));
    }

    private static <T> T join(CompletableFuture<T> f) {
        return f.orTimeout(5, TimeUnit.SECONDS).join();
    }

    @AfterEach
    void closeBuses() {
        buses.forEach(NodeBus::close);
    }

    @Test
    void sessionAttachedOnAnotherNodeTellsTheFirstNodesFollowersItMoved() {
        SessionManager a = gateway("gateway-a");
        SessionManager b = gateway("gateway-b");
        newVisitor();
        VisitorSession onA = join(a.attach("sid-1", LOOP));
        Follower follower = followed(onA);
        assertSame(onA, a.local("sid-1"));

        VisitorSession onB = join(b.attach("sid-1", LOOP));
        await().atMost(WAIT).untilTrue(follower.moved);
        assertNull(a.local("sid-1"));
        assertSame(onB, b.local("sid-1"));
        assertEquals("gateway-b", holder());
        assertEquals(1.0, metrics.registry().counter("chat.session.takeovers").count());
    }

    @Test
    void attachingAgainOnTheSameNodeIsNoTakeover() {
        SessionManager a = gateway("gateway-a");
        newVisitor();
        VisitorSession first = join(a.attach("sid-1", LOOP));
        Follower follower = followed(first);
        assertSame(first, join(a.attach("sid-1", LOOP)));
        assertFalse(follower.moved.get());
        assertEquals(0.0, metrics.registry().counter("chat.session.takeovers").count());
    }

    @Test
    void leaseTakenByAnotherNodeEndsTheSessionHere() {
        SessionManager a = gateway("gateway-a");
        newVisitor();
        Follower follower = followed(join(a.attach("sid-1", LOOP)));
        // gateway-b attached the session, and its "moved" never reached gateway-a (pub/sub is at most once)
        join(stores.conversations().attach("conv-1", "gateway-b", 0));

        a.refreshLeases();
        await().atMost(WAIT).untilTrue(follower.moved);
        assertNull(a.local("sid-1"));
        assertEquals("gateway-b", holder(), "the lease stays with the node that took it");
    }

    @Test
    void leaseRenewalKeepsAFollowedSessionAndRecreatesALostLease() {
        SessionManager a = gateway("gateway-a");
        newVisitor();
        VisitorSession s = join(a.attach("sid-1", LOOP));
        Follower follower = followed(s);
        clock.advance(Duration.ofSeconds(LEASE_SECONDS + 1));
        assertNull(holder(), "the lease ran out (a renewal was missed)");

        a.refreshLeases();
        assertEquals("gateway-a", holder());
        assertSame(s, a.local("sid-1"));
        assertFalse(follower.moved.get());
    }

    @Test
    void idleSessionWithoutFollowersLetsGoOfItsLease() {
        SessionManager a = gateway("gateway-a", 0);
        newVisitor();
        join(a.attach("sid-1", LOOP));
        await().atMost(WAIT).until(() -> {
            a.refreshLeases();
            return a.local("sid-1") == null;
        });
        assertNull(holder());
    }

    @Test
    void unknownSidAnswersUnknownSession() throws Exception {
        SessionManager a = gateway("gateway-a");
        assertUnknownSession(a.attach("sid-nobody", LOOP));
        assertNull(a.local("sid-nobody"));
    }

    @Test
    void sessionWhoseConversationIsGoneAnswersUnknownSession() throws Exception {
        SessionManager a = gateway("gateway-a");
        join(stores.sessions().create("sid-1", new VisitorRecord("conv-gone", "site-1",
                new VisitorDetails("", "", "", "", ""), clock.millis())));
        assertUnknownSession(a.attach("sid-1", LOOP));
        assertNull(holder());
    }

    private static void assertUnknownSession(CompletableFuture<VisitorSession> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
        assertEquals(ErrorCode.UNKNOWN_SESSION, ChatException.from(e).code());
    }

    @Test
    void eventForASessionThatMovedIsPassedToItsNewNode() {
        SessionManager a = gateway("gateway-a");
        SessionManager b = gateway("gateway-b");
        newVisitor();
        Follower follower = followed(join(a.attach("sid-1", LOOP)));
        VisitorSession onB = join(b.attach("sid-1", LOOP));
        await().atMost(WAIT).untilTrue(follower.moved);

        SeqEvent e = join(stores.conversations().accept(new NewMessage("conv-1", "m1", ChatMessage.FROM_VISITOR,
                "sid-1", "Vera", "hello", ""))).event();
        // routed (from gateway-b, say) to the node that held the session a moment ago: gateway-a passes it on
        buses.get(1).send("gateway-a", new Envelope(Envelope.EVENT, Envelope.VISITOR, "sid-1", "conv-1", e.seq(), 0,
                "", e.json()));
        await().atMost(WAIT).until(() -> onB.lastSeq() == 1);
    }

    @Test
    void sessionWhoseConversationTheStoreLostIsLetGoAndRestoredWithANewEpochWhenAttachedAgain() {
        newVisitor();
        SessionManager a = gateway("gateway-a");
        VisitorSession first = join(a.attach("sid-1", "site-1", LOOP));
        Follower f = followed(first);
        ((io.livechat.store.memory.MemoryConversationStore) stores.conversations()).loseEverything();

        a.refreshLeases();
        await().atMost(WAIT).until(() -> f.moved.get());
        assertNull(a.local("sid-1"), "let go: its followers attach again");

        List<String> asked = new ArrayList<>();
        a.restoreWith((sid, siteKey, loop) -> {
            asked.add(sid + "@" + siteKey);
            return stores.conversations().restore(new io.livechat.store.ConversationStore.Restoration("conv-1",
                    "site-1", "sid-1", "", "open", clock.millis(), 7, List.of())).thenApply(r -> true);
        });
        VisitorSession again = join(a.attach("sid-1", "site-1", LOOP));
        assertEquals(List.of("sid-1@site-1"), asked);
        assertEquals(7, again.lastSeq(), "the restored log goes on after the durable record's highest seq");
        assertFalse(first.epoch().equals(again.epoch()), "a new epoch");
        assertEquals(again.epoch(), join(stores.conversations().state("conv-1")).epoch());
    }

    @Test
    void sessionTheRestorerDoesNotKnowAnswersUnknownSession() {
        SessionManager a = gateway("gateway-a");
        a.restoreWith((sid, siteKey, loop) -> CompletableFuture.completedFuture(false));
        assertUnknownSession(a.attach("sid-nobody", "site-1", LOOP));
    }

    @Test
    void sessionFollowingALogThatWasRestoredMeanwhileIsLetGoAtTheNextRenewal() {
        newVisitor();
        SessionManager a = gateway("gateway-a");
        VisitorSession first = join(a.attach("sid-1", "site-1", LOOP));
        Follower f = followed(first);
        ((io.livechat.store.memory.MemoryConversationStore) stores.conversations()).loseEverything();
        // the agent tier restored it (a desk acted on it) before this node's renewal ran
        join(stores.conversations().restore(new io.livechat.store.ConversationStore.Restoration("conv-1", "site-1",
                "sid-1", "", "open", clock.millis(), 0, List.of())));

        a.refreshLeases();
        await().atMost(WAIT).until(() -> f.moved.get());
        assertNull(a.local("sid-1"), "its followers attach again and learn the new epoch");
        VisitorSession again = join(a.attach("sid-1", "site-1", LOOP));
        assertFalse(first.epoch().equals(again.epoch()));
    }
}
