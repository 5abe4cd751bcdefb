package io.livechat.store.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.livechat.security.TokenService;
import io.livechat.store.SocketTickets;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** {@link SocketTickets} on Redis: one key per ticket, expiring with it, read and deleted by one script. */
public final class RedisSocketTickets implements SocketTickets {

    private static final LuaScript GETDEL = LuaScript.load("getdel");

    private final RedisClusterAsyncCommands<String, String> redis;

    public RedisSocketTickets(RedisClusterAsyncCommands<String, String> redis) {
        this.redis = redis;
    }

    @Override
    public CompletableFuture<String> issue(String credential, Duration ttl) {
        String ticket = TokenService.newId();
        return redis.set(RedisKeys.socketTicket(ticket), credential, SetArgs.Builder.px(ttl.toMillis()))
                .toCompletableFuture().thenApply(ok -> ticket);
    }

    @Override
    public CompletableFuture<String> redeem(String ticket) {
        return GETDEL.run(redis, ScriptOutputType.VALUE, new String[]{RedisKeys.socketTicket(ticket)});
    }
}
