package io.livechat.store.memory;

import io.livechat.store.AgentPresence;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * {@link AgentPresence} in memory. An agent's load is the number of its open assignments; among the available
 * agents whose desk lease is live, the least loaded gets a new conversation (equal loads: the lowest agent id, as
 * Redis orders equal scores), else the conversation waits in the queue, oldest first.
 */
public final class MemoryAgentPresence implements AgentPresence {

    private static final int MAX_HANDOUT = 50;

    private final Clock clock;
    private final long leaseMillis;
    private final Map<String, Long> leases = new HashMap<>();
    private final Map<String, String> nodes = new HashMap<>();
    private final Set<String> available = new HashSet<>();
    private final Map<String, Long> queue = new HashMap<>();
    private final Map<String, String> assignee = new HashMap<>();
    private final TreeSet<String> assigned = new TreeSet<>(); // "agentId:conversationId", as in Redis

    public MemoryAgentPresence(Clock clock, int leaseSeconds) {
        this.clock = clock;
        this.leaseMillis = leaseSeconds * 1000L;
    }

    @Override
    public synchronized CompletableFuture<List<Assignment>> online(String agentId, String nodeId) {
        leases.put(agentId, clock.millis() + leaseMillis);
        nodes.put(agentId, nodeId);
        available.add(agentId);
        List<Assignment> out = new ArrayList<>();
        for (Waiting w : queued(MAX_HANDOUT)) {
            String chosen = leastLoaded();
            if (chosen == null) {
                break;
            }
            queue.remove(w.conversationId());
            if (!assignee.containsKey(w.conversationId())) {
                give(w.conversationId(), chosen);
                out.add(new Assignment(w.conversationId(), chosen, node(chosen, ""), true));
            }
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public synchronized CompletableFuture<Boolean> offline(String agentId, String nodeId) {
        boolean holder = nodeId.equals(nodes.get(agentId));
        if (holder) {
            nodes.remove(agentId);
            leases.remove(agentId);
            available.remove(agentId);
        }
        return CompletableFuture.completedFuture(holder);
    }

    @Override
    public synchronized CompletableFuture<Boolean> renew(String agentId, String nodeId, boolean isAvailable) {
        String holder = nodes.get(agentId);
        if (holder != null && !holder.equals(nodeId)) {
            return CompletableFuture.completedFuture(false);
        }
        leases.put(agentId, clock.millis() + leaseMillis);
        nodes.put(agentId, nodeId);
        if (isAvailable) {
            available.add(agentId);
        }
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public synchronized CompletableFuture<Void> away(String agentId) {
        available.remove(agentId);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Assignment> assign(String conversationId) {
        String existing = assignee.get(conversationId);
        if (existing != null) {
            return CompletableFuture.completedFuture(new Assignment(conversationId, existing, node(existing, ""),
                    false));
        }
        String chosen = leastLoaded();
        if (chosen == null) {
            queue.putIfAbsent(conversationId, clock.millis());
            return CompletableFuture.completedFuture(new Assignment(conversationId, "", "", false));
        }
        give(conversationId, chosen);
        queue.remove(conversationId);
        return CompletableFuture.completedFuture(new Assignment(conversationId, chosen, node(chosen, ""), true));
    }

    @Override
    public synchronized CompletableFuture<Boolean> claim(String agentId, String conversationId) {
        boolean waiting = queue.remove(conversationId) != null;
        if (!waiting || assignee.containsKey(conversationId)) {
            return CompletableFuture.completedFuture(false);
        }
        give(conversationId, agentId);
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public synchronized CompletableFuture<Boolean> restore(String agentId, String conversationId) {
        if (assignee.containsKey(conversationId)) {
            return CompletableFuture.completedFuture(false);
        }
        queue.remove(conversationId);
        give(conversationId, agentId);
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public synchronized CompletableFuture<Void> release(String agentId, String conversationId) {
        assignee.remove(conversationId, agentId);
        assigned.remove(agentId + ":" + conversationId);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<Void> forget(String conversationId) {
        queue.remove(conversationId);
        String agent = assignee.remove(conversationId);
        if (agent != null) {
            assigned.remove(agent + ":" + conversationId);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<List<String>> conversations(String agentId) {
        List<String> out = new ArrayList<>();
        // ';' sorts right after ':', so this is exactly the agent's "agentId:…" members
        assigned.subSet(agentId + ":", agentId + ";").forEach(m -> out.add(m.substring(agentId.length() + 1)));
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public synchronized CompletableFuture<String> assignee(String conversationId) {
        return CompletableFuture.completedFuture(assignee.get(conversationId));
    }

    @Override
    public synchronized CompletableFuture<List<Waiting>> waiting(int limit) {
        return CompletableFuture.completedFuture(queued(limit));
    }

    @Override
    public synchronized CompletableFuture<Long> available() {
        long now = clock.millis();
        return CompletableFuture.completedFuture(available.stream().filter(a -> live(a, now)).count());
    }

    @Override
    public synchronized CompletableFuture<String> node(String agentId) {
        return CompletableFuture.completedFuture(node(agentId, ""));
    }

    private String node(String agentId, String none) {
        return nodes.getOrDefault(agentId, none);
    }

    private void give(String conversationId, String agentId) {
        assignee.put(conversationId, agentId);
        assigned.add(agentId + ":" + conversationId);
    }

    /** The least-loaded available agent with a live lease; agents whose lease ran out leave the available set. */
    private String leastLoaded() {
        long now = clock.millis();
        List<String> candidates = new ArrayList<>(available);
        candidates.sort(Comparator.comparingLong(this::load).thenComparing(Comparator.naturalOrder()));
        for (String candidate : candidates) {
            if (live(candidate, now)) {
                return candidate;
            }
            available.remove(candidate);
        }
        return null;
    }

    private long load(String agentId) {
        return assigned.subSet(agentId + ":", agentId + ";").size();
    }

    private boolean live(String agentId, long now) {
        return leases.getOrDefault(agentId, 0L) > now;
    }

    private List<Waiting> queued(int limit) {
        return queue.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .limit(Math.max(0, limit)).map(e -> new Waiting(e.getKey(), e.getValue())).toList();
    }
}
