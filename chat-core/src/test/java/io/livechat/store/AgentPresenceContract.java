package io.livechat.store;

import io.livechat.store.AgentPresence.Assignment;
import io.livechat.store.AgentPresence.Waiting;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract of {@link AgentPresence}: desks and their leases, and the assignment of conversations to the
 * least-loaded available agent or the queue, for every implementation. An agent's load is the number of its open
 * assignments, however it got them and whatever its desk did meanwhile.
 */
public abstract class AgentPresenceContract extends StoreContract {

    private AgentPresence presence() {
        return stores().presence();
    }

    private String assignedAgent(AgentPresence p, String conv) {
        return join(p.assign(conv)).agentId();
    }

    private String assignedAgent(String conv) {
        return assignedAgent(presence(), conv);
    }

    private static List<String> ids(List<Waiting> waiting) {
        return waiting.stream().map(Waiting::conversationId).toList();
    }

    @Test
    void leastLoadedAvailableAgentGetsTheConversation() {
        join(presence().online("agent-1", "server-1"));
        assertEquals("agent-1", assignedAgent("conv-1"));
        assertEquals("agent-1", assignedAgent("conv-2"));
        join(presence().online("agent-2", "server-2"));
        assertEquals(new Assignment("conv-3", "agent-2", "server-2", true), join(presence().assign("conv-3")));
        assertEquals("agent-2", assignedAgent("conv-4"), "agent-2 had one, agent-1 two");
        assertEquals(List.of("conv-1", "conv-2"), join(presence().conversations("agent-1")));
        assertEquals(List.of("conv-3", "conv-4"), join(presence().conversations("agent-2")));
    }

    @Test
    void existingAssignmentIsAnsweredAsIs() {
        join(presence().online("agent-1", "server-1"));
        assertTrue(join(presence().assign("conv-1")).fresh());
        join(presence().online("agent-2", "server-2"));
        assertEquals(new Assignment("conv-1", "agent-1", "server-1", false), join(presence().assign("conv-1")));
        assertEquals("agent-1", join(presence().assignee("conv-1")));
        assertEquals("agent-2", assignedAgent("conv-2"), "the repeated answer added nothing to agent-1's load");
    }

    @Test
    void awayAgentGetsNoConversation() {
        join(presence().online("agent-1", "server-1"));
        join(presence().away("agent-1"));
        Assignment a = join(presence().assign("conv-1"));
        assertFalse(a.assigned());
        assertEquals(new Assignment("conv-1", "", "", false), a);
        assertEquals(List.of("conv-1"), ids(join(presence().waiting(10))));
        assertEquals(0, join(presence().available()));
        assertEquals("server-1", join(presence().node("agent-1")), "the desk is still connected");
    }

    @Test
    void conversationWaitsWhenNoAgentIsAvailableAndGoesToTheNextAgentOnline() {
        assertFalse(join(presence().assign("conv-1")).assigned());
        assertFalse(join(presence().assign("conv-1")).assigned(), "asking again keeps it waiting");
        assertEquals(List.of("conv-1"), ids(join(presence().waiting(10))));
        assertNull(join(presence().assignee("conv-1")));

        assertEquals(List.of(new Assignment("conv-1", "agent-1", "server-1", true)),
                join(presence().online("agent-1", "server-1")));
        assertTrue(join(presence().waiting(10)).isEmpty());
        assertEquals("agent-1", join(presence().assignee("conv-1")));
        assertEquals(List.of("conv-1"), join(presence().conversations("agent-1")));
        assertEquals(new Assignment("conv-1", "agent-1", "server-1", false), join(presence().assign("conv-1")));
    }

    @Test
    void waitingConversationsAreListedAndHandedOutOldestFirst() {
        assertFalse(join(presence().assign("conv-b")).assigned());
        passTime(Duration.ofMillis(20));
        assertFalse(join(presence().assign("conv-a")).assigned());
        List<Waiting> waiting = join(presence().waiting(10));
        assertEquals(List.of("conv-b", "conv-a"), ids(waiting));
        assertTrue(waiting.get(0).sinceMillis() < waiting.get(1).sinceMillis(), waiting::toString);
        assertEquals(List.of("conv-b"), ids(join(presence().waiting(1))));
        assertEquals(List.of("conv-b", "conv-a"),
                join(presence().online("agent-1", "server-1")).stream().map(Assignment::conversationId).toList());
    }

    @Test
    void waitingConversationsGoToTheLeastLoadedWhenAnAgentComesOnline() {
        join(presence().online("agent-1", "server-1"));
        assignedAgent("conv-1");
        assignedAgent("conv-2");
        join(presence().away("agent-1"));
        assignedAgent("conv-3");
        assignedAgent("conv-4");
        join(presence().renew("agent-1", "server-1", true)); // back from away, two conversations open
        assertEquals(List.of(new Assignment("conv-3", "agent-2", "server-2", true),
                new Assignment("conv-4", "agent-2", "server-2", true)), join(presence().online("agent-2", "server-2")));
    }

    @Test
    void claimSucceedsOnceAmongTwoAgents() {
        assignedAgent("conv-1");
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> join(presence().claim("agent-1",
                "conv-1")));
        boolean second = join(presence().claim("agent-2", "conv-1"));
        assertTrue(join(first) ^ second, "exactly one claim wins");
        String winner = second ? "agent-2" : "agent-1";
        String loser = second ? "agent-1" : "agent-2";
        assertEquals(winner, join(presence().assignee("conv-1")));
        assertEquals(List.of("conv-1"), join(presence().conversations(winner)));
        assertEquals(List.of(), join(presence().conversations(loser)));
        assertTrue(join(presence().waiting(10)).isEmpty());
    }

    @Test
    void claimOfAConversationThatIsNotWaitingFails() {
        assertFalse(join(presence().claim("agent-1", "conv-1")));
        join(presence().online("agent-1", "server-1"));
        assignedAgent("conv-2");
        assertFalse(join(presence().claim("agent-2", "conv-2")));
        assertEquals("agent-1", join(presence().assignee("conv-2")));
    }

    @Test
    void claimedConversationsCountOnTheLoad() {
        join(presence().online("agent-1", "server-1"));
        join(presence().online("agent-2", "server-2"));
        join(presence().away("agent-1"));
        join(presence().away("agent-2"));
        assignedAgent("conv-1");
        assignedAgent("conv-2");
        assertTrue(join(presence().claim("agent-1", "conv-1")));
        assertTrue(join(presence().claim("agent-1", "conv-2")));
        join(presence().online("agent-1", "server-1"));
        join(presence().online("agent-2", "server-2"));
        assertEquals("agent-2", assignedAgent("conv-3"));
    }

    @Test
    void forgottenConversationLeavesQueueAndAssignmentAndItsAgentsLoad() {
        join(presence().online("agent-1", "server-1"));
        assertEquals("agent-1", assignedAgent("conv-1"));
        assertEquals("agent-1", assignedAgent("conv-2"));
        join(presence().online("agent-2", "server-2"));
        assertEquals("agent-2", assignedAgent("conv-3"));
        join(presence().away("agent-1"));
        join(presence().away("agent-2"));
        assignedAgent("conv-waiting");
        join(presence().forget("conv-1"));
        join(presence().forget("conv-1"));
        join(presence().forget("conv-waiting"));
        assertNull(join(presence().assignee("conv-1")));
        assertEquals(List.of("conv-2"), join(presence().conversations("agent-1")));
        assertEquals(List.of(), ids(join(presence().waiting(10))));
        join(presence().online("agent-1", "server-1"));
        join(presence().online("agent-2", "server-2"));
        assertEquals("agent-1", assignedAgent("conv-4"), "one open each: the lowest id; conv-1 no longer counts");
    }

    @Test
    void unassignTwiceLowersTheLoadOnce() {
        join(presence().online("agent-1", "server-1"));
        for (int i = 1; i <= 3; i++) {
            assertEquals("agent-1", assignedAgent("conv-" + i));
        }
        join(presence().online("agent-2", "server-2"));
        assertEquals("agent-2", assignedAgent("conv-4"));
        join(presence().release("agent-1", "conv-1"));
        join(presence().release("agent-1", "conv-1"));
        assertNull(join(presence().assignee("conv-1")));
        assertEquals(List.of("conv-2", "conv-3"), join(presence().conversations("agent-1")));
        assertEquals("agent-2", assignedAgent("conv-5"), "agent-1 has two open, agent-2 one");
    }

    @Test
    void releaseByAnotherAgentChangesNothing() {
        join(presence().online("agent-1", "server-1"));
        assignedAgent("conv-1");
        join(presence().online("agent-2", "server-2"));
        join(presence().release("agent-2", "conv-1"));
        assertEquals("agent-1", join(presence().assignee("conv-1")));
        assertEquals(List.of("conv-1"), join(presence().conversations("agent-1")));
        assertEquals("agent-2", assignedAgent("conv-2"));
    }

    @Test
    void agentBackFromAwayKeepsItsLoad() {
        join(presence().online("agent-1", "server-1"));
        assignedAgent("conv-1");
        assignedAgent("conv-2");
        join(presence().online("agent-2", "server-2"));
        join(presence().away("agent-1"));
        join(presence().online("agent-1", "server-1"));
        assertEquals("agent-2", assignedAgent("conv-3"), "agent-1 still has two open");
    }

    @Test
    void agentReconnectingKeepsItsLoad() {
        join(presence().online("agent-1", "server-1"));
        assignedAgent("conv-1");
        assignedAgent("conv-2");
        join(presence().online("agent-2", "server-2"));
        assertTrue(join(presence().offline("agent-1", "server-1")));
        join(presence().online("agent-1", "server-2"));
        assertEquals("agent-2", assignedAgent("conv-3"), "agent-1 still has two open");
        assertEquals(List.of("conv-1", "conv-2"), join(presence().conversations("agent-1")));
    }

    @Test
    void agentPutBackAmongTheAvailableByItsRenewalKeepsItsLoad() {
        join(presence().online("agent-1", "server-1"));
        assignedAgent("conv-1");
        assignedAgent("conv-2");
        join(presence().online("agent-2", "server-2"));
        join(presence().away("agent-1"));
        join(presence().renew("agent-1", "server-1", true));
        assertEquals("agent-2", assignedAgent("conv-3"), "agent-1 still has two open");
    }

    @Test
    void offlineOnlyFromTheNodeHoldingTheDesk() {
        join(presence().online("agent-1", "server-1"));
        join(presence().online("agent-1", "server-2"));
        assertFalse(join(presence().offline("agent-1", "server-1")));
        assertEquals("server-2", join(presence().node("agent-1")));
        assertEquals(1, join(presence().available()));
        assertTrue(join(presence().offline("agent-1", "server-2")));
        assertEquals("", join(presence().node("agent-1")));
        assertEquals(0, join(presence().available()));
        assertFalse(join(presence().assign("conv-1")).assigned());
    }

    @Test
    void leaseHeldByAnotherNodeIsNotRenewed() {
        join(presence().online("agent-1", "server-1"));
        join(presence().online("agent-1", "server-2"));
        assertFalse(join(presence().renew("agent-1", "server-1", true)));
        assertTrue(join(presence().renew("agent-1", "server-2", true)));
        assertEquals("server-2", join(presence().node("agent-1")));
    }

    @Test
    void renewPutsAnAvailableAgentBackAmongTheAvailable() {
        join(presence().online("agent-1", "server-1"));
        join(presence().away("agent-1"));
        assertEquals(0, join(presence().available()));
        assertTrue(join(presence().renew("agent-1", "server-1", false)));
        assertEquals(0, join(presence().available()));
        assertTrue(join(presence().renew("agent-1", "server-1", true)));
        assertEquals(1, join(presence().available()));
        assertEquals("agent-1", assignedAgent("conv-1"));
    }

    @Test
    void nodeNamesTheDeskHolderAndIsEmptyWithoutDesk() {
        assertEquals("", join(presence().node("agent-1")));
        join(presence().online("agent-1", "server-1"));
        assertEquals("server-1", join(presence().node("agent-1")));
    }

    @Test
    void agentWhoseLeaseRanOutGetsNoConversation() {
        AgentPresence p = shortLeaseStores().presence();
        join(p.online("agent-1", "server-1"));
        passTime(BEYOND_SHORT_LEASE);
        assertFalse(join(p.assign("conv-1")).assigned());
        assertEquals(List.of("conv-1"), ids(join(p.waiting(10))));
    }

    @Test
    void agentWhoseLeaseRanOutIsNotCountedAvailable() {
        AgentPresence p = shortLeaseStores().presence();
        join(p.online("agent-1", "server-1"));
        assertEquals(1, join(p.available()));
        passTime(BEYOND_SHORT_LEASE);
        assertEquals(0, join(p.available()));
    }

    @Test
    void renewedLeaseKeepsTheAgentAssignable() {
        AgentPresence p = shortLeaseStores().presence();
        join(p.online("agent-1", "server-1"));
        passTime(Duration.ofMillis(600));
        assertTrue(join(p.renew("agent-1", "server-1", true)));
        passTime(Duration.ofMillis(600));
        assertEquals("agent-1", assignedAgent(p, "conv-1"));
    }

    @Test
    void leaseThatRanOutIsTakenBackByRenewing() {
        AgentPresence p = shortLeaseStores().presence();
        join(p.online("agent-1", "server-1"));
        passTime(BEYOND_SHORT_LEASE);
        assertTrue(join(p.renew("agent-1", "server-1", true)));
        assertEquals(1, join(p.available()));
        assertEquals("agent-1", assignedAgent(p, "conv-1"));
    }

    @Test
    void restoredAssignmentIsListedCountsOnTheLoadAndNeverReplacesAnExistingOne() {
        join(presence().online("agent-1", "server-1"));
        join(presence().online("agent-2", "server-2"));
        assertTrue(join(presence().restore("agent-1", "conv-lost")));
        assertEquals(List.of("conv-lost"), join(presence().conversations("agent-1")));
        assertEquals("agent-1", join(presence().assignee("conv-lost")));
        assertEquals("agent-2", assignedAgent("conv-new"), "agent-1's load counts the restored conversation");
        assertFalse(join(presence().restore("agent-2", "conv-lost")));
        assertEquals("agent-1", join(presence().assignee("conv-lost")));
    }
}
