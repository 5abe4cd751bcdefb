package io.livechat.store.memory;

import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.livechat.store.SiteDirectory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** {@link SiteDirectory} in memory: what was published is found at once (no cache to wait out). */
public final class MemorySiteDirectory implements SiteDirectory {

    private final Map<String, Site> sites = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<Site> find(String key) {
        Site site = sites.get(key);
        return site == null ? CompletableFuture.failedFuture(new ChatException(ErrorCode.UNKNOWN_SITE))
                : CompletableFuture.completedFuture(site);
    }

    @Override
    public CompletableFuture<List<Site>> all() {
        return CompletableFuture.completedFuture(List.copyOf(sites.values()));
    }

    @Override
    public CompletableFuture<Void> publish(Site site) {
        sites.put(site.key(), new Site(site.key(), site.name(), List.copyOf(site.allowedOrigins())));
        return CompletableFuture.completedFuture(null);
    }
}
