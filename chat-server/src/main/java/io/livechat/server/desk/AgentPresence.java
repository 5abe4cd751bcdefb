package io.livechat.server.desk;

import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ZAddArgs;
import io.livechat.store.ChatStore;
import io.livechat.store.LuaScript;
import io.livechat.store.RedisKeys;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Agents' presence in Redis (which agent-server node holds whose desk) and the hand-out of waiting
 * conversations when an agent comes online.
 */
public final class AgentPresence {

    private static final LuaScript ONLINE = LuaScript.load("agent_online");
    private static final LuaScript OFFLINE = LuaScript.load("agent_offline");
    private static final LuaScript CLAIM = LuaScript.load("claim");
    private static final int MAX_HANDOUT = 50;

    /**
     * One conversation handed to an agent.
     *
     * @param conversationId the conversation
     * @param agentId        the agent it went to
     * @param agentNode      the node holding that agent's desk
     */
    public record Assignment(String conversationId, String agentId, String agentNode) {
    }

    private final ChatStore store;
    private final String nodeId;

    public AgentPresence(ChatStore store, String nodeId) {
        this.store = store;
        this.nodeId = nodeId;
    }

    /** Marks the agent online here and returns the waiting conversations handed out meanwhile. */
    public CompletableFuture<List<Assignment>> online(String agentId) {
        String[] keys = {RedisKeys.agentNode(agentId), RedisKeys.AGENTS_ONLINE, RedisKeys.QUEUE};
        return ONLINE.<List<Object>>run(store.redis(), ScriptOutputType.MULTI, keys, agentId, nodeId,
                String.valueOf(store.registryTtlSeconds()), RedisKeys.AGENT_PREFIX, RedisKeys.NODE_SUFFIX,
                RedisKeys.CONV_PREFIX, RedisKeys.CONV_SUFFIX, String.valueOf(MAX_HANDOUT)).thenApply(r -> {
                    List<Assignment> out = new ArrayList<>();
                    for (int i = 0; i + 2 < r.size(); i += 3) {
                        out.add(new Assignment((String) r.get(i), (String) r.get(i + 1), (String) r.get(i + 2)));
                    }
                    return out;
                });
    }

    public CompletableFuture<Long> offline(String agentId) {
        String[] keys = {RedisKeys.agentNode(agentId), RedisKeys.AGENTS_ONLINE};
        return OFFLINE.run(store.redis(), ScriptOutputType.INTEGER, keys, agentId, nodeId);
    }

    /**
     * Renews the lease; false when another node holds the agent's desk now. An available (not away) agent is
     * also put back among the online agents, in case Redis lost its data meanwhile.
     */
    public CompletableFuture<Boolean> refresh(String agentId, boolean available) {
        return store.refresh(RedisKeys.agentNode(agentId), nodeId).thenCompose(held -> !held || !available
                ? CompletableFuture.completedFuture(held)
                : store.redis().zadd(RedisKeys.AGENTS_ONLINE, ZAddArgs.Builder.nx(), 0, agentId)
                        .toCompletableFuture().thenApply(n -> true));
    }

    /** Takes the agent out of assignment while its desk stays connected (status "away"). */
    public CompletableFuture<Long> away(String agentId) {
        return store.redis().zrem(RedisKeys.AGENTS_ONLINE, agentId).toCompletableFuture();
    }

    /** The open conversations assigned to the agent. */
    public CompletableFuture<List<String>> conversations(String agentId) {
        return store.redis().smembers(RedisKeys.agentConversations(agentId)).toCompletableFuture()
                .thenApply(List::copyOf);
    }

    /** The conversations waiting for an agent, oldest first, with the time each started waiting. */
    public CompletableFuture<List<ScoredValue<String>>> waiting(int limit) {
        return store.redis().zrangeWithScores(RedisKeys.QUEUE, 0, limit - 1).toCompletableFuture();
    }

    /** Takes a waiting conversation for the agent; completes false when another agent took it first. */
    public CompletableFuture<Boolean> claim(String agentId, String conversationId) {
        String[] keys = {RedisKeys.conversation(conversationId), RedisKeys.QUEUE, RedisKeys.AGENTS_ONLINE,
            RedisKeys.agentConversations(agentId)};
        return CLAIM.<Long>run(store.redis(), ScriptOutputType.INTEGER, keys, conversationId, agentId)
                .thenApply(r -> r == 1L);
    }
}
