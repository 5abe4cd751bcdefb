package io.livechat.server;

import io.livechat.config.ChatConfig;
import io.livechat.server.store.AgentRepository;
import io.livechat.server.store.Database;
import io.livechat.server.store.PasswordHasher;
import io.livechat.server.store.Site;
import io.livechat.server.store.SiteRepository;
import io.livechat.store.SiteDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Seeds the demo site and agent (in the zero-setup {@code run} mode only) and publishes every site from PostgreSQL
 * to Redis, where the gateways read them; re-published every minute so that a Redis that lost its data recovers.
 */
final class SitePublisher {

    private static final Logger LOG = LoggerFactory.getLogger(SitePublisher.class);
    static final String DEMO_SITE = "demo";
    static final String DEMO_EMAIL = "demo@example.com";
    static final String DEMO_PASSWORD = "demo";

    private final ChatConfig config;
    private final Database db;
    private final SiteDirectory directory;
    private final boolean seedDemo;
    private boolean seeded;

    /** @param seedDemo whether to create the demo site and agent (the {@code run} mode with CHAT_DEMO_SEED on) */
    SitePublisher(ChatConfig config, Database db, SiteDirectory directory, boolean seedDemo) {
        this.config = config;
        this.db = db;
        this.directory = directory;
        this.seedDemo = seedDemo;
    }

    CompletableFuture<Void> publish() {
        SiteRepository repo = new SiteRepository(db.dataSource());
        return db.submitCall(() -> {
            if (seedDemo && !seeded) {
                repo.upsert(new Site(DEMO_SITE, "Demo site", demoOrigins()));
                // created once: a password changed later (agent-add) is never reset to the well-known one
                boolean created = new AgentRepository(db.dataSource(), new PasswordHasher())
                        .createIfAbsent(DEMO_EMAIL, "Demo Agent", DEMO_PASSWORD);
                seeded = true;
                LOG.info("seeded the demo site '{}'{}", DEMO_SITE, created ? " and the demo agent " + DEMO_EMAIL : "");
            }
            return repo.all();
        }).thenCompose(all -> {
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            for (Site s : all) {
                writes.add(directory.publish(new SiteDirectory.Site(s.siteKey(), s.name(), s.allowedOrigins())));
            }
            return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
        });
    }

    void publishQuietly() {
        publish().exceptionally(e -> {
            LOG.warn("could not publish sites: {}", e.toString());
            return null;
        });
    }

    /**
     * The demo page's origin on every gateway ({@code self}: each gateway allows its own, whatever port it listens
     * on, so a gateway added on another port serves its demo page too) and {@code CHAT_DEMO_ORIGINS}.
     */
    private List<String> demoOrigins() {
        Set<String> origins = new LinkedHashSet<>();
        origins.add(SiteDirectory.Site.SELF);
        for (String extra : config.demoOrigins().split(",")) {
            if (!extra.isBlank()) {
                origins.add(extra.trim());
            }
        }
        return new ArrayList<>(origins);
    }
}
