package io.livechat.store.memory;

import io.livechat.store.SessionRegistry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@link SessionRegistry} in memory: one expiring lease per conversation. {@link MemoryConversationStore} takes and
 * reads the same leases (Redis keeps them beside the conversation for the same reason: one step accepts a message
 * and says where its visitor is).
 */
public final class MemorySessionRegistry implements SessionRegistry {

    private record Lease(String node, long expiresAt) {
    }

    private final Clock clock;
    private final long leaseMillis;
    private final Map<String, Lease> leases = new HashMap<>();

    public MemorySessionRegistry(Clock clock, int leaseSeconds) {
        this.clock = clock;
        this.leaseMillis = leaseSeconds * 1000L;
    }

    // set by the conversation store (conversation -> its epoch, null when it has none); lock-free on its side, so
    // that the two stores' locks never nest
    private volatile java.util.function.Function<String, String> epochOf = c -> "";

    void conversationsFrom(java.util.function.Function<String, String> epochs) {
        this.epochOf = epochs;
    }

    @Override
    public synchronized CompletableFuture<List<Boolean>> renew(List<String> conversationIds, List<String> epochs,
                                                              String nodeId) {
        List<Boolean> held = new ArrayList<>(conversationIds.size());
        for (int i = 0; i < conversationIds.size(); i++) {
            String conv = conversationIds.get(i);
            String current = live(conv);
            String epoch = epochOf.apply(conv);
            String expected = epochs.get(i) == null ? "" : epochs.get(i);
            boolean same = epoch != null && (expected.isEmpty() || epoch.isEmpty() || expected.equals(epoch));
            boolean mine = same && (current == null || current.equals(nodeId));
            if (mine) {
                put(conv, nodeId);
            }
            held.add(mine);
        }
        return CompletableFuture.completedFuture(held);
    }

    @Override
    public synchronized CompletableFuture<Boolean> release(String conversationId, String nodeId) {
        boolean mine = nodeId.equals(live(conversationId));
        if (mine) {
            leases.remove(conversationId);
        }
        return CompletableFuture.completedFuture(mine);
    }

    @Override
    public synchronized CompletableFuture<String> holder(String conversationId) {
        return CompletableFuture.completedFuture(live(conversationId));
    }

    /** Makes {@code nodeId} the holder and answers the previous one, empty if none. */
    synchronized String take(String conversationId, String nodeId) {
        String previous = live(conversationId);
        put(conversationId, nodeId);
        return previous == null ? "" : previous;
    }

    /** The holder, empty if none. */
    synchronized String holderOrEmpty(String conversationId) {
        String node = live(conversationId);
        return node == null ? "" : node;
    }

    /** Drops the conversation's lease (its conversation was erased). */
    synchronized void drop(String conversationId) {
        leases.remove(conversationId);
    }

    private void put(String conversationId, String nodeId) {
        leases.put(conversationId, new Lease(nodeId, clock.millis() + leaseMillis));
    }

    private String live(String conversationId) {
        Lease l = leases.get(conversationId);
        if (l == null) {
            return null;
        }
        if (l.expiresAt() <= clock.millis()) {
            leases.remove(conversationId);
            return null;
        }
        return l.node();
    }
}
