package io.livechat.store.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.livechat.store.VisitorDetails;
import io.livechat.store.VisitorRecord;
import io.livechat.store.VisitorSessions;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@link VisitorSessions} on Redis: one hash per session, expiring after the session lifetime. */
public final class RedisVisitorSessions implements VisitorSessions {

    private static final LuaScript HSET_EXPIRE = LuaScript.load("hset_expire");

    private final RedisClusterAsyncCommands<String, String> redis;
    private final long ttlSeconds;

    public RedisVisitorSessions(RedisClusterAsyncCommands<String, String> redis, int sessionTtlDays) {
        this.redis = redis;
        this.ttlSeconds = TimeUnit.DAYS.toSeconds(sessionTtlDays);
    }

    @Override
    public CompletableFuture<Void> create(String sid, VisitorRecord v) {
        VisitorDetails d = v.details();
        return HSET_EXPIRE.<Long>run(redis, ScriptOutputType.INTEGER, new String[]{RedisKeys.visitorSession(sid)},
                String.valueOf(ttlSeconds), "site", v.siteKey(), "conv", v.conversationId(), "name", d.name(),
                "email", d.email(), "page", d.page(), "created", String.valueOf(v.createdMillis()),
                "referrer", d.referrer(), "browser", d.browser()).thenApply(x -> null);
    }

    @Override
    public CompletableFuture<VisitorRecord> find(String sid) {
        return redis.hgetall(RedisKeys.visitorSession(sid)).toCompletableFuture().thenApply(h -> {
            if (h == null || h.get("conv") == null) {
                return null;
            }
            return new VisitorRecord(h.get("conv"), h.getOrDefault("site", ""), details(h),
                    Long.parseLong(h.getOrDefault("created", "0")));
        });
    }

    @Override
    public CompletableFuture<Boolean> delete(String sid) {
        return redis.del(RedisKeys.visitorSession(sid)).toCompletableFuture().thenApply(n -> n > 0);
    }

    private static VisitorDetails details(Map<String, String> h) {
        return new VisitorDetails(h.get("name"), h.get("email"), h.get("page"), h.get("referrer"), h.get("browser"));
    }
}
