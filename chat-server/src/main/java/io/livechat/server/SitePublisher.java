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
 * Seeds the demo site and agent (when {@code CHAT_DEMO_SEED} is on) and publishes every site from PostgreSQL to
 * Redis, where the gateways read them; re-published every minute so that a Redis that lost its data recovers.
 */
final class SitePublisher {

    private static final Logger LOG = LoggerFactory.getLogger(SitePublisher.class);
    static final String DEMO_SITE = "demo";
    static final String DEMO_EMAIL = "demo@example.com";
    static final String DEMO_PASSWORD = "demo";

    private final ChatConfig config;
    private final Database db;
    private final SiteDirectory directory;
    private boolean seeded;

    SitePublisher(ChatConfig config, Database db, SiteDirectory directory) {
        this.config = config;
        this.db = db;
        this.directory = directory;
    }

    CompletableFuture<Void> publish() {
        SiteRepository repo = new SiteRepository(db.dataSource());
        return db.submitCall(() -> {
            if (config.demoSeed() && !seeded) {
                repo.upsert(new Site(DEMO_SITE, "Demo site", demoOrigins()));
                new AgentRepository(db.dataSource(), new PasswordHasher())
                        .create(DEMO_EMAIL, "Demo Agent", DEMO_PASSWORD);
                seeded = true;
                LOG.info("seeded the demo site '{}' and the demo agent {}", DEMO_SITE, DEMO_EMAIL);
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

    private List<String> demoOrigins() {
        Set<String> origins = new LinkedHashSet<>();
        int port = config.gatewayPort();
        for (String host : List.of("localhost", "127.0.0.1")) {
            origins.add("http://" + host + ":" + port);
        }
        for (String extra : config.demoOrigins().split(",")) {
            if (!extra.isBlank()) {
                origins.add(extra.trim());
            }
        }
        return new ArrayList<>(origins);
    }
}
