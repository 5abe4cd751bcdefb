package io.livechat.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The recoverable log of every conversation: its state, its numbered events (capped), the idempotency record of
 * client message ids, and where its visitor's session lives (the visitor lease is kept with the conversation so
 * that one atomic step can accept a message and say where to deliver it).
 *
 * <p>Every call touches one conversation only. Futures complete on store I/O threads: continuations must stay
 * small and must not block.
 */
public interface ConversationStore {

    /** Creates the conversation of a new visitor session; completes with the new log's {@link Epoch epoch}. */
    CompletableFuture<String> create(String conversationId, String siteKey, String visitorSid, long createdMillis);

    /**
     * Re-creates a conversation that the store lost, from the durable record (PostgreSQL): a new epoch, its seq at
     * the highest seq the record holds (so that no seq is given twice), its state, and its newest messages in the
     * log and in the idempotency record (so that a retried message is answered as a duplicate). Does nothing when
     * the store has the conversation (another node restored it first, or it was never lost) and then answers
     * what the store has.
     */
    CompletableFuture<Restored> restore(Restoration r);

    /**
     * Puts a conversation whose log disagrees with the durable record on a new epoch: the store had given seqs that
     * the record already held to other messages (a failover to a replica that lacked the latest writes), and the
     * record stored those messages under new seqs. Only when the conversation's seq is still {@code expectedSeq}
     * (the highest the record has seen from this log: nothing accepted since is still on its way to the record)
     * are its seq raised to at least {@code r.lastSeq()}, its epoch renewed and its log and idempotency record
     * replaced by {@code r.messages()}; its state (site, agent, status) stays. A conversation the store lost is
     * re-created as by {@link #restore}.
     *
     * @return {@code created} true when the log was replaced (or re-created); false, with the seq now, when the
     *         conversation has moved on (the caller tries again once the record has caught up)
     */
    CompletableFuture<Restored> reseat(Restoration r, long expectedSeq);

    /**
     * Records that {@code nodeId} holds the conversation's visitor session now, and returns what it needs to
     * resume: the previous holder, the last seq and up to {@code recentEvents} newest events. Setting the lease
     * before reading the snapshot means every message accepted later is published to {@code nodeId}. Completes
     * with null when the conversation does not exist.
     */
    CompletableFuture<Snapshot> attach(String conversationId, String nodeId, int recentEvents);

    /**
     * Accepts a message exactly once per clientMsgId; for a duplicate, answers the first acceptance's seq.
     * Fails with {@code unknown_session} when the conversation does not exist and with {@code not_assigned} when
     * {@link NewMessage#requiredAgentId()} is set and is not the conversation's agent. A visitor writing to a
     * closed conversation reopens it, unassigned; a visitor's rating (an event) leaves it closed.
     */
    CompletableFuture<Accepted> accept(NewMessage m);

    /**
     * Records "everything up to seq was delivered/read" by one side ({@code field}: visitorDelivered, visitorRead,
     * agentDelivered, agentRead), keeping the highest; completes with the route to pass it on, or null when it
     * did not move the mark. Fails with {@code cursor_ahead} for a seq beyond the last message, and with
     * {@code not_assigned} (changing nothing) when {@code requiredAgentId} is set and is not the conversation's agent.
     *
     * @param requiredAgentId the agent giving the receipt, who must be assigned; null or empty for the visitor
     */
    CompletableFuture<ConversationRoute> receipt(String conversationId, String field, long seq,
                                                 String requiredAgentId);

    /** Closes the conversation for its agent; true when it was open; {@code not_assigned} for another agent. */
    CompletableFuture<Boolean> close(String conversationId, String agentId);

    /** Makes {@code agentId} the conversation's agent (the assignment decided by {@link AgentPresence}). */
    CompletableFuture<Boolean> setAgent(String conversationId, String agentId);

    /** Events with {@code afterSeq < seq <= uptoSeq} (upto &lt; 0: no upper bound), in order. */
    CompletableFuture<List<SeqEvent>> range(String conversationId, long afterSeq, long uptoSeq);

    /** The conversation's state, or null when the store does not have it. */
    CompletableFuture<ConversationState> state(String conversationId);

    /** Who is in the conversation and which node holds the visitor; null when the store does not have it. */
    CompletableFuture<ConversationRoute> route(String conversationId);

    /**
     * Erases everything the store holds about the conversation (privacy erasure, retention purge): its state, log,
     * idempotency record and visitor lease, and its messages still waiting in the transcript hand-off, so that no
     * writer stores them later. An entry a writer has already fetched comes back to it empty (as an entry whose
     * message was stored and only the acknowledgement is missing); the writer's own guard keeps a batch it
     * already holds out of the durable record (see the agent tier's erasure). A later {@link #accept} of the
     * conversation fails with {@code unknown_session}.
     *
     * @return true when the store held any of it
     */
    CompletableFuture<Boolean> erase(String conversationId);

    /**
     * What {@link #attach} returns.
     *
     * @param previousNode the node that held the session before, empty if none
     * @param lastSeq      the conversation's last seq
     * @param recent       its newest events, in order
     * @param epoch        the epoch of its log (empty for a log written before epochs existed)
     */
    record Snapshot(String previousNode, long lastSeq, List<SeqEvent> recent, String epoch) {
    }

    /**
     * A conversation as the durable record holds it, to put back into the store.
     *
     * @param conversationId its id
     * @param siteKey        its site
     * @param visitorSid     its visitor session
     * @param agentId        its agent, empty if none
     * @param status         {@code open} or {@code closed}
     * @param createdMillis  when it started
     * @param lastSeq        the highest seq the record holds
     * @param messages       its newest messages (at most the history cap), in seq order
     */
    record Restoration(String conversationId, String siteKey, String visitorSid, String agentId, String status,
                       long createdMillis, long lastSeq, List<RestoredMessage> messages) {
    }

    /**
     * One message put back into the log.
     *
     * @param seq         its seq
     * @param clientMsgId its client id (for idempotency)
     * @param json        the event as clients receive it
     */
    record RestoredMessage(long seq, String clientMsgId, String json) {
    }

    /**
     * What {@link #restore} answers.
     *
     * @param created true when this call re-created the conversation
     * @param epoch   the epoch of the conversation's log now
     * @param lastSeq its last seq now
     */
    record Restored(boolean created, String epoch, long lastSeq) {
    }

    /**
     * What {@link #accept} returns: the seq, and for a first acceptance the event and where to deliver it.
     *
     * @param seq         the message's seq (the first acceptance's for a duplicate)
     * @param duplicate   true when this clientMsgId was accepted before
     * @param event       the event as clients receive it (null for a duplicate)
     * @param visitorSid  the conversation's visitor session
     * @param visitorNode the node holding the visitor session, empty if none
     * @param agentId     the assigned agent, empty if none
     */
    record Accepted(long seq, boolean duplicate, SeqEvent event, String visitorSid, String visitorNode,
                    String agentId) {
    }
}
