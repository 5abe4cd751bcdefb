package io.livechat.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The leases that say which gateway node holds a visitor session (kept with the session's conversation, see
 * {@link ConversationStore#attach}); a lease expires unless its node renews it.
 */
public interface SessionRegistry {

    /**
     * Renews the leases of many sessions of {@code nodeId}, given by their conversations (re-creating a lease that
     * expired or was lost); per conversation, true when this node holds it, false when another node does now or
     * the store no longer has the conversation (it lost it: attaching again restores it with a new epoch).
     */
    default CompletableFuture<List<Boolean>> renew(List<String> conversationIds, String nodeId) {
        return renew(conversationIds, java.util.Collections.nCopies(conversationIds.size(), ""), nodeId);
    }

    /**
     * {@link #renew(List, String)} for sessions that follow the logs of the given epochs (one per conversation,
     * empty for any): a conversation whose log has another epoch now (Redis lost it and it was restored) answers
     * false too, so that the session is attached again and its clients learn the new epoch.
     */
    CompletableFuture<List<Boolean>> renew(List<String> conversationIds, List<String> epochs, String nodeId);

    /** Gives up the lease if {@code nodeId} still holds it; true when it did. */
    CompletableFuture<Boolean> release(String conversationId, String nodeId);

    /** The node holding the conversation's visitor session, or null. */
    CompletableFuture<String> holder(String conversationId);
}
