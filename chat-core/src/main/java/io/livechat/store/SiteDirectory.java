package io.livechat.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.protocol.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The sites (widget site keys and their allowed origins) as the agent server publishes them for the gateways. */
public interface SiteDirectory {

    /** The site, or a failed future with {@code unknown_site}. */
    CompletableFuture<Site> find(String key);

    /** Every published site (cached like {@link #find}); for a decision that names no site, e.g. a CORS preflight. */
    CompletableFuture<List<Site>> all();

    /** Publishes a site for every gateway (the agent server calls this at start-up and on change). */
    CompletableFuture<Void> publish(Site site);

    /**
     * A website that embeds the widget.
     *
     * @param key            the site key in the embed tag
     * @param name           display name
     * @param allowedOrigins origins whose pages may use the widget ({@code *} allows any; {@link #SELF} stands
     *                       for the answering gateway's own origin, which only the gateway knows)
     */
    record Site(String key, String name, List<String> allowedOrigins) {

        /** The allowed origin that means "the gateway's own origin" (the zero-setup demo site's). */
        public static final String SELF = "self";

        /** True when a browser request from {@code origin} may use this site; requests without an Origin pass. */
        public boolean allows(String origin) {
            // "self" is a keyword for the gateway to resolve (OriginPolicy), never an origin to match as written
            return origin == null || allowedOrigins.contains("*")
                    || allowedOrigins.contains(origin) && !SELF.equals(origin);
        }

        public String toJson() {
            var n = Json.object().put("name", name);
            var arr = n.putArray("allowedOrigins");
            allowedOrigins.forEach(arr::add);
            return Json.write(n);
        }

        public static Site fromJson(String key, String json) {
            JsonNode n = Json.parseObject(json);
            List<String> origins = new ArrayList<>();
            n.path("allowedOrigins").forEach(o -> origins.add(o.asText()));
            return new Site(key, n.path("name").asText(key), origins);
        }
    }
}
