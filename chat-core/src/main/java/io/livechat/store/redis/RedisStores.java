package io.livechat.store.redis;

import io.livechat.config.ChatConfig;
import io.livechat.metrics.ChatMetrics;
import io.livechat.store.Stores;

import java.time.Duration;

/** Builds every store port on one {@link RedisBackend}. */
public final class RedisStores {

    private RedisStores() {
    }

    /**
     * @param shards         how many shards spread conversations and the transcript hand-off (fixed per deployment)
     * @param historyCap     events kept per conversation log
     * @param sessionTtlDays how long idle sessions and conversations live
     * @param leaseSeconds   lifetime of a session's or a desk's lease unless renewed
     */
    public static Stores create(RedisBackend backend, int shards, int historyCap, int sessionTtlDays,
                                int leaseSeconds) {
        return create(backend, shards, historyCap, sessionTtlDays, leaseSeconds, null, () -> { });
    }

    /** The ports with a node's settings; accepted messages wait for replicas when CHAT_REDIS_WAIT_REPLICAS > 0. */
    public static Stores create(RedisBackend backend, ChatConfig config, ChatMetrics metrics) {
        ReplicatedWrites replicated = config.redisWaitReplicas() == 0 ? null : backend.replicatedWrites(
                config.redisWaitReplicas(), Duration.ofMillis(config.redisWaitTimeoutMs()));
        return create(backend, config.redisShards(), config.historyCap(), config.sessionTtlDays(),
                config.registryTtlSeconds(), replicated, () -> metrics.redisError("replica-wait"));
    }

    private static Stores create(RedisBackend backend, int shards, int historyCap, int sessionTtlDays,
                                 int leaseSeconds, ReplicatedWrites replicated, Runnable onShortWait) {
        RedisKeys keys = new RedisKeys(shards);
        var async = backend.async();
        return new Stores(new RedisConversationStore(async, keys, historyCap, sessionTtlDays, leaseSeconds,
                replicated, onShortWait),
                new RedisVisitorSessions(async, sessionTtlDays),
                new RedisSessionRegistry(async, keys, leaseSeconds, backend.cluster()),
                new RedisAgentPresence(async, leaseSeconds),
                new RedisSiteDirectory(async),
                () -> new RedisNodeChannels(backend.newPubSub(), backend),
                options -> new RedisTranscriptHandoff(backend, keys, options),
                new RedisSocketTickets(async));
    }
}
