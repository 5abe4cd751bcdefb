package io.livechat.visitor;

import io.livechat.store.SiteDirectory;
import io.livechat.store.SiteDirectory.Site;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/**
 * Decides whether a browser page's {@code Origin} may use a site on this gateway: the site's allowed origins, where
 * {@link Site#SELF} stands for this gateway's own origin ({@code http://localhost:<port>} and
 * {@code http://127.0.0.1:<port>} of the port it listens on), so that the zero-setup demo site works on every
 * gateway of a local cluster, whatever its port.
 */
public final class OriginPolicy {

    private final SiteDirectory sites;
    private final IntSupplier port;

    /** @param port the port this gateway listens on (read when needed: it is known once the listener is bound) */
    public OriginPolicy(SiteDirectory sites, IntSupplier port) {
        this.sites = sites;
        this.port = port;
    }

    /** True when a request from {@code origin} may use {@code site}; requests without an Origin pass. */
    public boolean allows(Site site, String origin) {
        return site.allows(origin) || site.allowedOrigins().contains(Site.SELF) && isSelf(origin);
    }

    /** Whether any site allows {@code origin}: a preflight names no site, so only this can be asked of it. */
    public CompletableFuture<Boolean> anySiteAllows(String origin) {
        if (origin == null) {
            return CompletableFuture.completedFuture(true);
        }
        return sites.all().thenApply((List<Site> all) -> all.stream().anyMatch(s -> allows(s, origin)));
    }

    private boolean isSelf(String origin) {
        String suffix = ":" + port.getAsInt();
        return origin.equals("http://localhost" + suffix) || origin.equals("http://127.0.0.1" + suffix);
    }
}
