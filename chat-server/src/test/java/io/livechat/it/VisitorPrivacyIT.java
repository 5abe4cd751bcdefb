package io.livechat.it;

import io.livechat.gateway.GatewayNode;
import io.livechat.server.ServerNode;
import io.livechat.testsupport.Http;
import io.livechat.testsupport.TestAgent;
import io.livechat.testsupport.TestCluster;
import io.livechat.testsupport.TestVisitor;
import io.livechat.testsupport.Transport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.livechat.it.PrivacyChecks.ADMIN;
import static io.livechat.it.PrivacyChecks.ADMIN_TOKEN;
import static io.livechat.it.PrivacyChecks.erase;
import static io.livechat.it.PrivacyChecks.export;
import static io.livechat.it.PrivacyChecks.redisTraces;
import static io.livechat.it.PrivacyChecks.storedRows;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A visitor's data is exported exactly, and erased everywhere: PostgreSQL rows, every Redis trace, the gateway's
 * cached session (a connected visitor is refused), and nothing comes back through a restore or the transcript
 * writer. Only the operator's token opens these calls.
 */
class VisitorPrivacyIT extends ClusterTestBase {

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster(Map.of("CHAT_ADMIN_TOKEN", ADMIN_TOKEN));
    }

    @Test
    void exportHoldsExactlyTheVisitorsDetailsAndMessages() throws Exception {
        GatewayNode g = gateway("gw-a");
        ServerNode s = server("srv-1");
        TestAgent agent = deskOn(s);
        TestVisitor v = track(TestVisitor.create(url(g), "demo"));
        TestVisitor other = track(TestVisitor.create(url(g), "demo"));
        assertEquals(200, v.send("v-1", "my phone is 555-0100").status());
        assertEquals(200, other.send("o-1", "not yours").status());
        await().atMost(AWAIT).until(() -> agent.messages(v.conversationId).size() == 1);
        agent.reply(v.conversationId, "a-1", "noted");
        await().atMost(AWAIT).until(() -> cluster.storedSeqs(v.conversationId).equals(List.of(1L, 2L)));
        assertEquals(200, v.send("v-2", "one more").status()); // in Redis at least; maybe not stored yet

        Http.Reply r = export(url(s), v.sid, ADMIN);
        assertEquals(200, r.status(), r.body());
        assertEquals(v.sid, r.json().path("sid").asText());
        assertEquals("Tess", r.json().path("visitor").path("name").asText());
        assertEquals("demo", r.json().path("visitor").path("siteKey").asText());
        assertEquals(1, r.json().path("conversations").size());
        var conv = r.json().path("conversations").get(0);
        assertEquals(v.conversationId, conv.path("conversationId").asText());
        assertEquals(List.of("my phone is 555-0100", "noted", "one more"),
                conv.path("messages").findValuesAsText("text"));
        assertEquals(List.of("1", "2", "3"), conv.path("messages").findValuesAsText("seq"));
        assertFalse(r.body().contains("not yours"), r.body());
    }

    @Test
    void onlyTheOperatorsTokenOpensThePrivacyCalls() throws Exception {
        GatewayNode g = gateway("gw-a");
        ServerNode s = server("srv-1");
        TestVisitor v = track(TestVisitor.create(url(g), "demo"));
        TestAgent agent = track(TestAgent.login(url(s), DEMO_EMAIL, DEMO_PASSWORD));
        Map<String, String> asAgent = Map.of("Authorization", "Bearer " + agent.token);
        for (Http.Reply r : List.of(export(url(s), v.sid, Map.of()), export(url(s), v.sid, asAgent),
                erase(url(s), v.sid, asAgent), erase(url(s), v.sid, Map.of("Authorization", "Bearer wrong")))) {
            assertEquals(401, r.status(), r.body());
            assertEquals("invalid_token", r.code());
        }
        Http.Reply unknown = export(url(s), "no-such-visitor", ADMIN);
        assertEquals(404, unknown.status(), unknown.body());
        assertEquals("not_found", unknown.code());
        Http.Reply wrongMethod = Http.post(url(s) + "/api/visitors/" + v.sid + "/export", "{}", ADMIN);
        assertEquals(405, wrongMethod.status(), wrongMethod.body());
        assertEquals(200, export(url(s), v.sid, ADMIN).status(), "the session alone is exportable");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void erasedVisitorIsGoneEverywhereAndItsConnectionIsRefused(Transport transport) throws Exception {
        GatewayNode g = gateway("gw-a");
        GatewayNode g2 = gateway("gw-b");
        ServerNode s = server("srv-1");
        TestAgent agent = deskOn(s);
        TestVisitor v = track(TestVisitor.create(url(g), "demo")).follow(url(g), transport);
        TestVisitor other = track(TestVisitor.create(url(g), "demo"));
        assertEquals(200, other.send("o-1", "keep me").status());
        assertEquals(200, v.send("v-1", "my address is 1 Main St").status());
        await().atMost(AWAIT).until(() -> agent.messages(v.conversationId).size() == 1);
        agent.reply(v.conversationId, "a-1", "noted");
        await().atMost(AWAIT).until(() -> cluster.storedSeqs(v.conversationId).equals(List.of(1L, 2L))
                && v.shownSeqs().equals(List.of(1L, 2L)));

        Http.Reply r = erase(url(s), v.sid, ADMIN);
        assertEquals(200, r.status(), r.body());
        assertEquals(1, r.json().path("erased").path("conversations").asInt());
        assertEquals(2, r.json().path("erased").path("messages").asInt());
        assertEquals(0, storedRows(cluster, v.conversationId));
        assertEquals(List.of(), redisTraces(cluster, v.conversationId, v.sid));

        if (transport == Transport.WEBSOCKET) {
            assertEquals(4009, v.ws().closed().get(10, TimeUnit.SECONDS), "closed at once, as after a move");
        }
        // the gateway that held the session no longer serves it from memory: told at once, not at its next lease
        // renewal (CHAT_REGISTRY_TTL_SECONDS / 3 = 20 s)
        await().atMost(Duration.ofSeconds(5)).until(() -> Http.get(url(g) + "/v1/poll?" + v.query() + "&after=0",
                v.auth())
                .status() == 404);
        for (GatewayNode gw : List.of(g, g2)) { // the one that held it, and one that would restore it
            Http.Reply poll = Http.get(url(gw) + "/v1/poll?" + v.query() + "&after=0", v.auth());
            assertEquals(404, poll.status(), poll.body());
            assertEquals("unknown_session", poll.code());
        }
        Http.Reply send = v.send("v-2", "still there?");
        assertEquals(404, send.status(), send.body());
        assertEquals("unknown_session", send.code());
        assertEquals(0, storedRows(cluster, v.conversationId), "nothing restored into PostgreSQL");
        assertEquals(List.of(), redisTraces(cluster, v.conversationId, v.sid), "nothing restored into Redis");
        assertEquals("not_found", export(url(s), v.sid, ADMIN).code());
        assertEquals("not_found", erase(url(s), v.sid, ADMIN).code());
        await().atMost(AWAIT).until(() -> cluster.storedTexts(other.conversationId).equals(List.of("keep me")));
    }

    /**
     * A message the transcript writer holds while the erasure runs: the writer blocks on the conversation's row
     * (locked here) either before the erasure does, or after it (the erasure then commits first, and the writer's
     * batch would put the message back without its guard).
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void messagesOnTheirWayToPostgresDoNotReappearAfterTheErasure(boolean writerFirst) throws Exception {
        GatewayNode g = gateway("gw-a");
        ServerNode s = server("srv-1");
        TestVisitor v = track(TestVisitor.create(url(g), "demo"));
        assertEquals(200, v.send("v-1", "first").status());
        await().atMost(AWAIT).until(() -> cluster.storedSeqs(v.conversationId).equals(List.of(1L)));
        CompletableFuture<Http.Reply> erased;
        try (Connection lock = cluster.sqlConnection()) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("select 1 from conversations where conversation_id = '"
                    + v.conversationId + "' for update");
            if (writerFirst) {
                assertEquals(200, v.send("v-2", "held by the writer").status());
                await().atMost(AWAIT).until(() -> lockWaiters() == 1);
                assertEquals(200, v.send("v-3", "still in the hand-off").status());
                erased = CompletableFuture.supplyAsync(() -> erase(url(s), v.sid, ADMIN));
            } else {
                erased = CompletableFuture.supplyAsync(() -> erase(url(s), v.sid, ADMIN));
                await().atMost(AWAIT).until(() -> lockWaiters() == 1);
                assertEquals(200, v.send("v-2", "held by the writer").status());
            }
            await().atMost(AWAIT).until(() -> lockWaiters() == 2);
            lock.rollback();
        }
        Http.Reply r = erased.get(20, TimeUnit.SECONDS);
        assertEquals(200, r.status(), r.body());
        await().during(Duration.ofSeconds(2)).atMost(AWAIT).until(() -> storedRows(cluster, v.conversationId) == 0
                && redisTraces(cluster, v.conversationId, v.sid).isEmpty());
        assertEquals(1, cluster.sqlLong("select count(*) from erased_conversations where conversation_id = '"
                + v.conversationId + "' and store_cleared and visitor_id is null"));
    }

    /**
     * A restore that read PostgreSQL just before an erasure committed, and writes Redis after the erasure cleared
     * it: stood in for by the erasure's record with the rows still there, and a Redis that lost the visitor.
     */
    @Test
    void aRestoreRacingTheErasureDoesNotBringTheVisitorBack() throws Exception {
        GatewayNode g = gateway("gw-a");
        server("srv-1");
        TestVisitor v = track(TestVisitor.create(url(g), "demo"));
        assertEquals(200, v.send("v-1", "erase me").status());
        await().atMost(AWAIT).until(() -> cluster.storedSeqs(v.conversationId).equals(List.of(1L)));
        cluster.sql("insert into erased_conversations (conversation_id, visitor_id) values ('" + v.conversationId
                + "', '" + v.sid + "')");
        try (var raw = cluster.rawRedis()) { // Redis lost the conversation and the session record
            raw.sync().keys("*" + v.conversationId + "*").forEach(k -> raw.sync().del(k));
            raw.sync().del("chat:vs:" + v.sid);
        }
        // a gateway that does not hold the session in memory asks the agent tier to restore it
        Http.Reply poll = Http.get(url(gateway("gw-b")) + "/v1/poll?" + v.query() + "&after=0", v.auth());
        assertEquals(404, poll.status(), poll.body());
        assertEquals("unknown_session", poll.code());
        assertEquals(List.of(), redisTraces(cluster, v.conversationId, v.sid));
    }

    private static long lockWaiters() throws Exception {
        return cluster.sqlLong("select count(*) from pg_stat_activity where wait_event_type = 'Lock'");
    }
}
