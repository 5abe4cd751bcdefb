package io.livechat.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AgentRepository} and {@link SiteRepository} against a real embedded PostgreSQL. */
class AgentRepositoryIT {

    @TempDir
    static Path dir;
    static Database db;
    static AgentRepository agents;

    @BeforeAll
    static void startDatabase() {
        db = StoreTestSupport.startDatabase(dir);
        agents = new AgentRepository(db.dataSource(), new PasswordHasher(1_000));
    }

    @AfterAll
    static void stopDatabase() {
        db.close();
    }

    @Test
    void createdAgentAuthenticatesWithItsPassword() throws Exception {
        Agent created = agents.create("Demo@Example.com", "Demo Agent", "demo");
        assertEquals("demo@example.com", created.email());
        assertEquals(Agent.ROLE_AGENT, created.role());

        Optional<Agent> in = agents.authenticate("demo@example.com", "demo");
        assertEquals(Optional.of(created), in);
        assertEquals(Optional.of(created), agents.findById(created.id()));
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        agents.create("wrong@example.com", "Wrong", "right-password");
        assertTrue(agents.authenticate("wrong@example.com", "wrong-password").isEmpty());
    }

    @Test
    void unknownEmailIsRefused() throws Exception {
        assertTrue(agents.authenticate("nobody@example.com", "demo").isEmpty());
        assertTrue(agents.findById(987_654).isEmpty());
    }

    @Test
    void creatingAnExistingEmailUpdatesNameAndPassword() throws Exception {
        Agent first = agents.create("again@example.com", "First", "one");
        Agent second = agents.create("again@example.com", "Second", "two");
        assertEquals(first.id(), second.id());
        assertEquals("Second", second.displayName());
        assertTrue(agents.authenticate("again@example.com", "one").isEmpty());
        assertTrue(agents.authenticate("again@example.com", "two").isPresent());
    }

    @Test
    void submitCallRunsRepositoryOffTheCallerThread() throws Exception {
        Thread caller = Thread.currentThread();
        Thread ran = db.submitCall(() -> Thread.currentThread()).get();
        assertFalse(ran == caller);
        assertEquals(1, db.submit(c -> {
            try (var rs = c.createStatement().executeQuery("select 1")) {
                rs.next();
                return rs.getInt(1);
            }
        }).get());
    }

    @Test
    void sitesAreUpsertedAndListed() throws Exception {
        SiteRepository sites = new SiteRepository(db.dataSource());
        sites.upsert(new Site("shop", "Shop", List.of("https://shop.example")));
        sites.upsert(new Site("shop", "Shop 2", List.of("https://shop.example", "https://www.shop.example")));
        Site stored = sites.find("shop").orElseThrow();
        assertEquals("Shop 2", stored.name());
        assertEquals(List.of("https://shop.example", "https://www.shop.example"), stored.allowedOrigins());
        assertTrue(sites.all().contains(stored));
        assertTrue(db.isHealthy());
    }
}
