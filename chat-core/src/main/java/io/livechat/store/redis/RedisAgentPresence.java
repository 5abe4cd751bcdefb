package io.livechat.store.redis;

import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.livechat.store.AgentPresence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@link AgentPresence} on Redis: every key under the one hash tag {@code {agents}}, so that choosing an agent,
 * the queue and the leases change together in one script. The node of each agent's desk is cached for a second
 * per process: routing reads it for every message, and a stale answer only costs a forward (the node it names
 * passes the envelope on). That no desk is open is never cached.
 */
public final class RedisAgentPresence implements AgentPresence {

    private static final LuaScript ONLINE = LuaScript.load("agent_online");
    private static final LuaScript OFFLINE = LuaScript.load("agent_offline");
    private static final LuaScript RENEW = LuaScript.load("agent_renew");
    private static final LuaScript ASSIGN = LuaScript.load("assign");
    private static final LuaScript CLAIM = LuaScript.load("claim");
    private static final LuaScript UNASSIGN = LuaScript.load("unassign");
    private static final LuaScript REASSIGN = LuaScript.load("reassign");
    private static final LuaScript AVAILABLE = LuaScript.load("available");
    private static final LuaScript FORGET = LuaScript.load("forget");
    private static final int MAX_HANDOUT = 50;
    private static final long NODE_CACHE_MILLIS = 1_000;
    private static final String[] ASSIGN_KEYS = {RedisKeys.AGENTS_LEASES, RedisKeys.AGENTS_NODES,
        RedisKeys.AGENTS_LOAD, RedisKeys.QUEUE, RedisKeys.ASSIGNEE, RedisKeys.ASSIGNED};
    private static final String[] LEASE_KEYS = {RedisKeys.AGENTS_LEASES, RedisKeys.AGENTS_NODES,
        RedisKeys.AGENTS_LOAD};
    private static final String[] RENEW_KEYS = {RedisKeys.AGENTS_LEASES, RedisKeys.AGENTS_NODES,
        RedisKeys.AGENTS_LOAD, RedisKeys.ASSIGNED};

    private record CachedNode(String node, long at) {
    }

    private final RedisClusterAsyncCommands<String, String> redis;
    private final long leaseMillis;
    private final Map<String, CachedNode> nodes = new ConcurrentHashMap<>();

    public RedisAgentPresence(RedisClusterAsyncCommands<String, String> redis, int leaseSeconds) {
        this.redis = redis;
        this.leaseMillis = TimeUnit.SECONDS.toMillis(leaseSeconds);
    }

    @Override
    public CompletableFuture<List<Assignment>> online(String agentId, String nodeId) {
        nodes.put(agentId, new CachedNode(nodeId, System.currentTimeMillis()));
        return ONLINE.<List<Object>>run(redis, ScriptOutputType.MULTI, ASSIGN_KEYS, agentId, nodeId,
                String.valueOf(leaseMillis), String.valueOf(MAX_HANDOUT)).thenApply(r -> {
                    List<Assignment> out = new ArrayList<>();
                    for (int i = 0; i + 2 < r.size(); i += 3) {
                        out.add(new Assignment((String) r.get(i), (String) r.get(i + 1), (String) r.get(i + 2), true));
                    }
                    return out;
                });
    }

    @Override
    public CompletableFuture<Boolean> offline(String agentId, String nodeId) {
        nodes.remove(agentId);
        return OFFLINE.<Long>run(redis, ScriptOutputType.INTEGER, LEASE_KEYS, agentId, nodeId)
                .thenApply(r -> r == 1L);
    }

    @Override
    public CompletableFuture<Boolean> renew(String agentId, String nodeId, boolean available) {
        return RENEW.<Long>run(redis, ScriptOutputType.INTEGER, RENEW_KEYS, agentId, nodeId,
                String.valueOf(leaseMillis), available ? "1" : "0").thenApply(r -> r == 1L);
    }

    @Override
    public CompletableFuture<Void> away(String agentId) {
        return redis.zrem(RedisKeys.AGENTS_LOAD, agentId).toCompletableFuture().thenApply(x -> null);
    }

    @Override
    public CompletableFuture<Assignment> assign(String conversationId) {
        return ASSIGN.<List<Object>>run(redis, ScriptOutputType.MULTI, ASSIGN_KEYS, conversationId).thenApply(r ->
                r == null || r.isEmpty() ? new Assignment(conversationId, "", "", false)
                        : new Assignment(conversationId, (String) r.get(0), (String) r.get(1), (Long) r.get(2) == 1L));
    }

    @Override
    public CompletableFuture<Boolean> claim(String agentId, String conversationId) {
        String[] k = {RedisKeys.QUEUE, RedisKeys.ASSIGNEE, RedisKeys.ASSIGNED, RedisKeys.AGENTS_LOAD};
        return CLAIM.<Long>run(redis, ScriptOutputType.INTEGER, k, conversationId, agentId).thenApply(r -> r == 1L);
    }

    @Override
    public CompletableFuture<Boolean> restore(String agentId, String conversationId) {
        String[] k = {RedisKeys.ASSIGNEE, RedisKeys.ASSIGNED, RedisKeys.AGENTS_LOAD, RedisKeys.QUEUE};
        return REASSIGN.<Long>run(redis, ScriptOutputType.INTEGER, k, conversationId, agentId).thenApply(r -> r == 1L);
    }

    @Override
    public CompletableFuture<Void> release(String agentId, String conversationId) {
        String[] k = {RedisKeys.ASSIGNEE, RedisKeys.ASSIGNED, RedisKeys.AGENTS_LOAD};
        return UNASSIGN.<Long>run(redis, ScriptOutputType.INTEGER, k, conversationId, agentId).thenApply(x -> null);
    }

    @Override
    public CompletableFuture<Void> forget(String conversationId) {
        String[] k = {RedisKeys.QUEUE, RedisKeys.ASSIGNEE, RedisKeys.ASSIGNED, RedisKeys.AGENTS_LOAD};
        return FORGET.<Long>run(redis, ScriptOutputType.INTEGER, k, conversationId).thenApply(x -> null);
    }

    @Override
    public CompletableFuture<List<String>> conversations(String agentId) {
        // members are "agentId:conversationId"; ';' sorts right after ':'
        return redis.zrangebylex(RedisKeys.ASSIGNED, Range.from(Range.Boundary.including(agentId + ":"),
                Range.Boundary.excluding(agentId + ";"))).toCompletableFuture().thenApply(members -> {
                    List<String> out = new ArrayList<>(members.size());
                    members.forEach(m -> out.add(m.substring(agentId.length() + 1)));
                    return out;
                });
    }

    @Override
    public CompletableFuture<String> assignee(String conversationId) {
        return redis.hget(RedisKeys.ASSIGNEE, conversationId).toCompletableFuture();
    }

    @Override
    public CompletableFuture<List<Waiting>> waiting(int limit) {
        return redis.zrangeWithScores(RedisKeys.QUEUE, 0, limit - 1).toCompletableFuture().thenApply(list -> {
            List<Waiting> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(new Waiting(v.getValue(), (long) v.getScore())));
            return out;
        });
    }

    @Override
    public CompletableFuture<Long> available() {
        return AVAILABLE.run(redis, ScriptOutputType.INTEGER,
                new String[]{RedisKeys.AGENTS_LEASES, RedisKeys.AGENTS_LOAD});
    }

    @Override
    public CompletableFuture<String> node(String agentId) {
        CachedNode c = nodes.get(agentId);
        long now = System.currentTimeMillis();
        if (c != null && now - c.at() < NODE_CACHE_MILLIS) {
            return CompletableFuture.completedFuture(c.node());
        }
        return redis.hget(RedisKeys.AGENTS_NODES, agentId).toCompletableFuture().thenApply(n -> {
            if (n == null) {
                nodes.remove(agentId); // never cache "nobody": the agent's desk may be coming back right now
                return "";
            }
            nodes.put(agentId, new CachedNode(n, now));
            return n;
        });
    }
}
