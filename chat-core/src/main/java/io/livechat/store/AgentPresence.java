package io.livechat.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Agents' presence (which agent-server node holds whose desk, who is available) and the assignment of
 * conversations to them: the least-loaded available agent gets a new conversation, otherwise it waits in the
 * queue. An agent's load is the number of conversations assigned to it and not yet released, whatever its desk
 * did meanwhile (away, reconnected, lease renewed). This is the only work that spans conversations, so it is kept
 * apart from {@link ConversationStore}; the caller then records the decision on the conversation with
 * {@link ConversationStore#setAgent}.
 *
 * <p>Futures complete on store I/O threads: continuations must stay small and must not block.
 */
public interface AgentPresence {

    /** Marks the agent online on {@code nodeId} and returns the waiting conversations handed out meanwhile. */
    CompletableFuture<List<Assignment>> online(String agentId, String nodeId);

    /** Takes the agent off line if {@code nodeId} still holds its desk. */
    CompletableFuture<Boolean> offline(String agentId, String nodeId);

    /**
     * Renews the lease; false when another node holds the agent's desk now. An available (not away) agent is
     * also put back among the available agents, in case the store lost its data meanwhile.
     */
    CompletableFuture<Boolean> renew(String agentId, String nodeId, boolean available);

    /** Takes the agent out of assignment while its desk stays connected (status "away"). */
    CompletableFuture<Void> away(String agentId);

    /** Assigns a conversation that has no agent, or queues it; an existing assignment is answered as is. */
    CompletableFuture<Assignment> assign(String conversationId);

    /** The agent takes a waiting conversation; false when it was no longer waiting. */
    CompletableFuture<Boolean> claim(String agentId, String conversationId);

    /**
     * Records that {@code agentId} has the conversation, as the durable record says, after the store lost its data
     * (the conversation was restored); false when the conversation has an assignment already, which is kept.
     */
    CompletableFuture<Boolean> restore(String agentId, String conversationId);

    /** Ends the agent's assignment of a closed conversation (one less on its load). */
    CompletableFuture<Void> release(String agentId, String conversationId);

    /**
     * Forgets the conversation everywhere in assignment (privacy erasure, retention purge): out of the queue, its
     * assignment ended (one less on its agent's load, as {@link #release}); nothing when it has neither.
     */
    CompletableFuture<Void> forget(String conversationId);

    /** The open conversations assigned to the agent. */
    CompletableFuture<List<String>> conversations(String agentId);

    /** The agent the conversation is assigned to, or null. */
    CompletableFuture<String> assignee(String conversationId);

    /** The conversations waiting for an agent, oldest first. */
    CompletableFuture<List<Waiting>> waiting(int limit);

    /** How many agents are available now: not away, with a live desk lease. */
    CompletableFuture<Long> available();

    /** The node holding the agent's desk, or empty; may be a second old (a stale answer is forwarded). */
    CompletableFuture<String> node(String agentId);

    /**
     * A conversation handed to an agent, or (agentId empty) queued.
     *
     * @param conversationId the conversation
     * @param agentId        the agent it went to, empty when it waits
     * @param agentNode      the node holding that agent's desk, empty if none
     * @param fresh          true when this call made the assignment (false: it existed already)
     */
    record Assignment(String conversationId, String agentId, String agentNode, boolean fresh) {

        public boolean assigned() {
            return !agentId.isEmpty();
        }
    }

    /**
     * A conversation in the queue.
     *
     * @param conversationId the conversation
     * @param sinceMillis    when it started waiting
     */
    record Waiting(String conversationId, long sinceMillis) {
    }
}
