package io.livechat.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.server.ServerNode;
import io.livechat.testsupport.Http;
import io.livechat.testsupport.TestAgent;
import io.livechat.testsupport.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Canned responses over the agent REST API: each agent's own, the shared ones, and every refusal. */
class CannedResponsesIT extends ClusterTestBase {

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster();
    }

    private static Map<String, String> auth(TestAgent a) {
        return Map.of("Authorization", "Bearer " + a.token);
    }

    private static List<String> shortcuts(ServerNode s, TestAgent a) {
        Http.Reply r = Http.get(url(s) + "/api/canned", auth(a));
        assertEquals(200, r.status(), r.body());
        return r.json().path("canned").findValuesAsText("shortcut");
    }

    @Test
    void anAgentKeepsItsOwnResponsesAndSeesTheSharedOnes() throws Exception {
        ServerNode s = server("srv-1");
        AgentAssignmentIT.addAgent(cluster, "carol@example.com", "Carol", "carol-password");
        AgentAssignmentIT.addAgent(cluster, "dave@example.com", "Dave", "dave-password");
        TestAgent demo = track(TestAgent.login(url(s), "dave@example.com", "dave-password"));
        TestAgent carol = track(TestAgent.login(url(s), "carol@example.com", "carol-password"));

        Http.Reply mine = Http.post(url(s) + "/api/canned",
                "{\"shortcut\":\"/refund\",\"body\":\"Hi {visitor.name}, your refund is on its way. {agent.name}\"}",
                auth(demo));
        assertEquals(201, mine.status(), mine.body());
        assertEquals("refund", mine.json().path("shortcut").asText(), "the leading slash is not part of it");
        assertTrue(!mine.json().path("shared").asBoolean());
        Http.Reply shared = Http.post(url(s) + "/api/canned", "{\"shortcut\":\"hours\",\"body\":\"We are open 9-17.\","
                + "\"shared\":true}", auth(carol));
        assertEquals(201, shared.status(), shared.body());

        assertEquals(List.of("hours", "refund"), shortcuts(s, demo));
        assertEquals(List.of("hours"), shortcuts(s, carol), "another agent's own response is not listed");

        long id = mine.json().path("id").asLong();
        Http.Reply notHers = Http.request("PUT", url(s) + "/api/canned/" + id,
                "{\"shortcut\":\"refund\",\"body\":\"changed\"}", auth(carol));
        assertEquals(403, notHers.status());
        assertEquals("not_owner", notHers.code());
        assertEquals(403, Http.request("DELETE", url(s) + "/api/canned/" + id, null, auth(carol)).status());

        Http.Reply changed = Http.request("PUT", url(s) + "/api/canned/" + id,
                "{\"shortcut\":\"refund-ok\",\"body\":\"Refund sent.\"}", auth(demo));
        assertEquals(200, changed.status(), changed.body());
        assertEquals("Refund sent.", changed.json().path("body").asText());
        assertEquals(List.of("hours", "refund-ok"), shortcuts(s, demo));

        long sharedId = shared.json().path("id").asLong();
        assertEquals(204, Http.request("DELETE", url(s) + "/api/canned/" + sharedId, null, auth(demo)).status());
        assertEquals(List.of("refund-ok"), shortcuts(s, demo));
        assertEquals(404, Http.request("DELETE", url(s) + "/api/canned/" + sharedId, null, auth(demo)).status());
    }

    @Test
    void badInputIsRefusedWithItsCodeAndChangesNothing() throws Exception {
        ServerNode s = server("srv-1");
        TestAgent demo = track(TestAgent.login(url(s), DEMO_EMAIL, DEMO_PASSWORD));
        List<String> before = shortcuts(s, demo);
        String base = url(s) + "/api/canned";
        assertRefused(Http.post(base, "{\"shortcut\":\"has space\",\"body\":\"x\"}", auth(demo)), 400, "bad_request");
        assertRefused(Http.post(base, "{\"shortcut\":\"ok\",\"body\":\"  \"}", auth(demo)), 400, "bad_request");
        assertRefused(Http.post(base, "{\"shortcut\":\"ok\",\"body\":\"" + "x".repeat(4001) + "\"}", auth(demo)),
                400, "bad_request");
        assertRefused(Http.post(base, "{\"shortcut\":\"ok\",\"body\":\"x\",\"shared\":\"yes\"}", auth(demo)),
                400, "bad_request");
        assertRefused(Http.post(base, "not json", auth(demo)), 400, "bad_json");
        assertRefused(Http.post(base, "{\"shortcut\":\"ok\",\"body\":\"x\"}", Map.of()), 401, "invalid_token");
        assertRefused(Http.request("PUT", base, "{}", auth(demo)), 405, "method_not_allowed");
        assertRefused(Http.request("PUT", base + "/abc", "{\"shortcut\":\"a\",\"body\":\"b\"}", auth(demo)),
                404, "not_found");
        assertRefused(Http.request("PUT", base + "/999999", "{\"shortcut\":\"a\",\"body\":\"b\"}", auth(demo)),
                404, "not_found");
        assertEquals(before, shortcuts(s, demo), "nothing was stored");

        assertEquals(201, Http.post(base, "{\"shortcut\":\"dup\",\"body\":\"one\"}", auth(demo)).status());
        assertRefused(Http.post(base, "{\"shortcut\":\"DUP\",\"body\":\"two\"}", auth(demo)), 409, "conflict");
        Http.Reply dups = Http.get(base, auth(demo));
        assertEquals(1, dups.json().path("canned").findValuesAsText("shortcut").stream()
                .filter(x -> x.equalsIgnoreCase("dup")).count());
        JsonNode one = null;
        for (JsonNode c : dups.json().path("canned")) {
            one = c.path("shortcut").asText().equals("dup") ? c : one;
        }
        assertEquals(200, Http.request("PUT", base + "/" + one.path("id").asLong(),
                "{\"shortcut\":\"" + one.path("shortcut").asText() + "\",\"body\":\"same shortcut, new text\"}",
                auth(demo)).status(), "keeping its own shortcut is no conflict");
    }

    private static void assertRefused(Http.Reply r, int status, String code) {
        assertEquals(status, r.status(), r.body());
        assertEquals(code, r.code(), r.body());
    }
}
