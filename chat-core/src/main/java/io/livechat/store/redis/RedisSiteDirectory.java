package io.livechat.store.redis;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.livechat.store.SiteDirectory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** {@link SiteDirectory} on Redis (one hash of all sites), cached for a few seconds on each node. */
public final class RedisSiteDirectory implements SiteDirectory {

    private static final long CACHE_MILLIS = 10_000;
    /** How long a site that vanished from Redis is still served from the cache (longer than a publish period). */
    private static final long LOST_GRACE_MILLIS = 120_000;

    private record Cached(Site site, long at) {
    }

    private final RedisClusterAsyncCommands<String, String> redis;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile CachedList everySite;

    private record CachedList(List<Site> sites, long at) {
    }

    public RedisSiteDirectory(RedisClusterAsyncCommands<String, String> redis) {
        this.redis = redis;
    }

    @Override
    public CompletableFuture<Site> find(String key) {
        Cached c = cache.get(key);
        long now = System.currentTimeMillis();
        if (c != null && now - c.at() < CACHE_MILLIS) {
            return c.site() == null ? CompletableFuture.failedFuture(new ChatException(ErrorCode.UNKNOWN_SITE))
                    : CompletableFuture.completedFuture(c.site());
        }
        return redis.hget(RedisKeys.SITES, key).toCompletableFuture().thenApply(json -> {
            Site site = json == null ? null : Site.fromJson(key, json);
            if (site == null && c != null && c.site() != null && now - c.at() < LOST_GRACE_MILLIS) {
                // a site seen lately and missing now: Redis lost its data, and the agent tier publishes the
                // sites again within a minute; meanwhile the site's visitors are served as before
                return c.site();
            }
            cache.put(key, new Cached(site, now));
            if (site == null) {
                throw new ChatException(ErrorCode.UNKNOWN_SITE);
            }
            return site;
        });
    }

    @Override
    public CompletableFuture<List<Site>> all() {
        CachedList c = everySite;
        long now = System.currentTimeMillis();
        if (c != null && now - c.at() < CACHE_MILLIS) {
            return CompletableFuture.completedFuture(c.sites());
        }
        return redis.hgetall(RedisKeys.SITES).toCompletableFuture().thenApply(h -> {
            List<Site> sites = new ArrayList<>();
            h.forEach((key, json) -> sites.add(Site.fromJson(key, json)));
            // like find: right after Redis lost its data, the sites seen lately are kept until they are published again
            if (sites.isEmpty() && c != null && now - c.at() < LOST_GRACE_MILLIS) {
                return c.sites(); // kept with its old time: the grace runs out
            }
            everySite = new CachedList(List.copyOf(sites), now);
            return everySite.sites();
        });
    }

    @Override
    public CompletableFuture<Void> publish(Site site) {
        everySite = null;
        cache.remove(site.key());
        return redis.hset(RedisKeys.SITES, site.key(), site.toJson()).toCompletableFuture().thenApply(x -> null);
    }
}
