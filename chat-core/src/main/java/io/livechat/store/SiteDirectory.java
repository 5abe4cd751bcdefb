package io.livechat.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.livechat.protocol.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sites (widget site keys and their allowed origins) as the agent server publishes them in Redis, cached
 * for a few seconds on each gateway.
 */
public final class SiteDirectory {

    private static final long CACHE_MILLIS = 10_000;

    /**
     * A website that embeds the widget.
     *
     * @param key            the site key in the embed tag
     * @param name           display name
     * @param allowedOrigins origins whose pages may use the widget ({@code *} allows any)
     */
    public record Site(String key, String name, List<String> allowedOrigins) {

        /** True when a browser request from {@code origin} may use this site; requests without an Origin pass. */
        public boolean allows(String origin) {
            return origin == null || allowedOrigins.contains("*") || allowedOrigins.contains(origin);
        }

        public String toJson() {
            var n = Json.object().put("name", name);
            var arr = n.putArray("allowedOrigins");
            allowedOrigins.forEach(arr::add);
            return Json.write(n);
        }

        static Site fromJson(String key, String json) {
            JsonNode n = Json.parseObject(json);
            List<String> origins = new ArrayList<>();
            n.path("allowedOrigins").forEach(o -> origins.add(o.asText()));
            return new Site(key, n.path("name").asText(key), origins);
        }
    }

    private record Cached(Site site, long at) {
    }

    private final RedisAsyncCommands<String, String> redis;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public SiteDirectory(RedisAsyncCommands<String, String> redis) {
        this.redis = redis;
    }

    /** The site, or a failed future with {@code unknown_site}. */
    public CompletableFuture<Site> find(String key) {
        Cached c = cache.get(key);
        long now = System.currentTimeMillis();
        if (c != null && now - c.at() < CACHE_MILLIS) {
            return c.site() == null ? CompletableFuture.failedFuture(new ChatException(ErrorCode.UNKNOWN_SITE))
                    : CompletableFuture.completedFuture(c.site());
        }
        return redis.hget(RedisKeys.SITES, key).toCompletableFuture().thenApply(json -> {
            Site site = json == null ? null : Site.fromJson(key, json);
            cache.put(key, new Cached(site, now));
            if (site == null) {
                throw new ChatException(ErrorCode.UNKNOWN_SITE);
            }
            return site;
        });
    }

    /** Publishes a site for every gateway (the agent server calls this at start-up and on change). */
    public CompletableFuture<Boolean> publish(Site site) {
        cache.remove(site.key());
        return redis.hset(RedisKeys.SITES, site.key(), site.toJson()).toCompletableFuture();
    }
}
