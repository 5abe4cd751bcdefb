package io.livechat.it;

import io.livechat.config.ChatConfig;
import io.livechat.server.Launcher;
import io.livechat.server.store.AgentRepository;
import io.livechat.server.store.PasswordHasher;
import io.livechat.testsupport.Http;
import io.livechat.testsupport.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The demo site and agent exist only in the zero-setup {@code run} mode, are created once (never reset), and the
 * demo site serves the demo page of every gateway of a local cluster, whatever its port.
 */
class DemoSeedIT {

    private static final String DEMO_LOGIN = "{\"email\":\"demo@example.com\",\"password\":\"demo\"}";

    private static ChatConfig runConfig(Path dir, int redisPort, int pgPort) {
        return ChatConfig.of(Map.of("CHAT_DATA_DIR", dir.toString(), "CHAT_GATEWAY_PORT", "0",
                "CHAT_SERVER_PORT", "0", "CHAT_EMBEDDED_REDIS_PORT", String.valueOf(redisPort),
                "CHAT_EMBEDDED_POSTGRES_PORT", String.valueOf(pgPort), "CHAT_IO_THREADS", "2"));
    }

    @Test
    void theServerRoleCreatesNoDemoAgentAndNoDemoSite(@TempDir Path dir) throws Exception {
        try (TestCluster infra = new TestCluster();
             Launcher server = Launcher.server(infra.config().with("CHAT_DATA_DIR", dir.toString()))) {
            String srv = "http://127.0.0.1:" + server.serverNode().port();
            Http.Reply login = Http.post(srv + "/api/login", DEMO_LOGIN);
            assertEquals(401, login.status(), login.body());
            assertEquals("bad_credentials", login.code());
            String gw = "http://127.0.0.1:" + infra.gateway("gw-1").port();
            Http.Reply session = Http.post(gw + "/v1/sessions", "{\"siteKey\":\"demo\"}");
            assertEquals(403, session.status(), session.body());
            assertEquals("unknown_site", session.code());
        }
    }

    @Test
    void runSeedsTheDemoAgentOnceAndKeepsAChangedPassword(@TempDir Path dir) throws Exception {
        ChatConfig config = runConfig(dir, TestCluster.freePort(), TestCluster.freePort());
        try (Launcher first = Launcher.allInOne(config)) {
            String srv = "http://127.0.0.1:" + first.serverNode().port();
            assertEquals(200, Http.post(srv + "/api/login", DEMO_LOGIN).status());
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL("jdbc:postgresql://127.0.0.1:" + config.embeddedPostgresPort() + "/postgres");
            ds.setUser("postgres");
            // what `agent-add --email demo@example.com` does
            new AgentRepository(ds, new PasswordHasher()).create("demo@example.com", "Demo Agent", "a-better-one");
        }
        try (Launcher second = Launcher.allInOne(config)) {
            String srv = "http://127.0.0.1:" + second.serverNode().port();
            Http.Reply old = Http.post(srv + "/api/login", DEMO_LOGIN);
            assertEquals(401, old.status(), "the password was not reset to 'demo': " + old.body());
            assertEquals(200, Http.post(srv + "/api/login",
                    "{\"email\":\"demo@example.com\",\"password\":\"a-better-one\"}").status());
        }
    }

    @Test
    void aSecondGatewayOnAnotherPortServesTheDemoSiteToItsOwnPage(@TempDir Path dir) throws Exception {
        ChatConfig config = runConfig(dir, TestCluster.freePort(), TestCluster.freePort());
        try (Launcher run = Launcher.allInOne(config);
             Launcher gw2 = Launcher.gateway(config.with("CHAT_NODE_ID", "gw-2"))) {
            int port = gw2.gatewayNode().port();
            Http.Reply created = Http.post("http://127.0.0.1:" + port + "/v1/sessions", "{\"siteKey\":\"demo\"}",
                    Map.of("Origin", "http://127.0.0.1:" + port));
            assertEquals(201, created.status(), created.body());
            Http.Reply byName = Http.post("http://127.0.0.1:" + port + "/v1/sessions", "{\"siteKey\":\"demo\"}",
                    Map.of("Origin", "http://localhost:" + port));
            assertEquals(201, byName.status(), byName.body());
            Http.Reply foreign = Http.post("http://127.0.0.1:" + port + "/v1/sessions", "{\"siteKey\":\"demo\"}",
                    Map.of("Origin", "http://127.0.0.1:1"));
            assertEquals(403, foreign.status(), foreign.body());
            assertEquals("origin_not_allowed", foreign.code());
        }
    }
}
