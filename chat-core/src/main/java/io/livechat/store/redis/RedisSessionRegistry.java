package io.livechat.store.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.livechat.store.SessionRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * {@link SessionRegistry} on Redis: one expiring string per conversation, beside the conversation's other keys.
 * On a cluster a renewal runs one script per shard (the keys of one script must share a slot); on one Redis, one
 * script for the whole batch.
 */
public final class RedisSessionRegistry implements SessionRegistry {

    private static final LuaScript RENEW_MANY = LuaScript.load("refresh_many");
    private static final LuaScript RELEASE = LuaScript.load("release");

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisKeys keys;
    private final int leaseSeconds;
    private final boolean perShard;

    /** @param perShard whether keys of different shards must go in different scripts (a Redis Cluster) */
    public RedisSessionRegistry(RedisClusterAsyncCommands<String, String> redis, RedisKeys keys, int leaseSeconds,
                                boolean perShard) {
        this.redis = redis;
        this.keys = keys;
        this.leaseSeconds = leaseSeconds;
        this.perShard = perShard;
    }

    @Override
    public CompletableFuture<List<Boolean>> renew(List<String> conversationIds, List<String> epochs, String nodeId) {
        Map<Integer, List<Integer>> byShard = new TreeMap<>();
        for (int i = 0; i < conversationIds.size(); i++) {
            int group = perShard ? keys.shardOf(conversationIds.get(i)) : 0;
            byShard.computeIfAbsent(group, s -> new ArrayList<>()).add(i);
        }
        Boolean[] held = new Boolean[conversationIds.size()];
        List<CompletableFuture<Void>> calls = new ArrayList<>(byShard.size());
        byShard.values().forEach(positions -> {
            String[] k = positions.stream().flatMap(i -> java.util.stream.Stream.of(
                    keys.visitorNode(conversationIds.get(i)), keys.conversation(conversationIds.get(i))))
                    .toArray(String[]::new);
            List<String> args = new ArrayList<>(2 + positions.size());
            args.add(nodeId);
            args.add(String.valueOf(leaseSeconds));
            positions.forEach(i -> args.add(epochs.get(i) == null ? "" : epochs.get(i)));
            calls.add(RENEW_MANY.<List<Object>>run(redis, ScriptOutputType.MULTI, k, args.toArray(String[]::new))
                    .thenAccept(r -> {
                        for (int j = 0; j < positions.size(); j++) {
                            held[positions.get(j)] = Long.valueOf(1L).equals(r.get(j));
                        }
                    }));
        });
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenApply(x -> List.of(held));
    }

    @Override
    public CompletableFuture<Boolean> release(String conversationId, String nodeId) {
        return RELEASE.<Long>run(redis, ScriptOutputType.INTEGER, new String[]{keys.visitorNode(conversationId)},
                nodeId).thenApply(r -> r == 1L);
    }

    @Override
    public CompletableFuture<String> holder(String conversationId) {
        return redis.get(keys.visitorNode(conversationId)).toCompletableFuture();
    }
}
