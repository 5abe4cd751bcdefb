package io.livechat.store.redis;

import io.livechat.store.Stores;

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
        RedisKeys keys = new RedisKeys(shards);
        var async = backend.async();
        return new Stores(new RedisConversationStore(async, keys, historyCap, sessionTtlDays, leaseSeconds),
                new RedisVisitorSessions(async, sessionTtlDays),
                new RedisSessionRegistry(async, keys, leaseSeconds),
                new RedisAgentPresence(async, leaseSeconds),
                new RedisSiteDirectory(async),
                () -> new RedisNodeChannels(backend.newPubSub(), backend),
                options -> new RedisTranscriptHandoff(backend, keys, options));
    }
}
