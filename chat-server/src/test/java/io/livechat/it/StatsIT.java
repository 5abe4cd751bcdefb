package io.livechat.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.server.ServerNode;
import io.livechat.testsupport.Http;
import io.livechat.testsupport.StatsSeed;
import io.livechat.testsupport.TestAgent;
import io.livechat.testsupport.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /api/stats} against a seeded set of stored conversations whose figures are known: four conversations
 * on 2020-03-01/02 (and one before, outside the range), two agents, tags, two ratings.
 */
class StatsIT extends ClusterTestBase {

    private static final double EPS = 1e-6;
    private static long ann;
    private static long ben;

    @BeforeAll
    static void seed() throws Exception {
        cluster = new TestCluster();
        // a started server has migrated the schema
        cluster.kill(cluster.server("srv-seed"));
        StatsSeed.seed(cluster);
        ann = StatsSeed.agentId(cluster, "stat-ann@example.com");
        ben = StatsSeed.agentId(cluster, "stat-ben@example.com");
    }

    private JsonNode stats(ServerNode s, String query) {
        TestAgent agent = track(TestAgent.login(url(s), DEMO_EMAIL, DEMO_PASSWORD));
        Http.Reply r = Http.get(url(s) + "/api/stats?" + query, Map.of("Authorization", "Bearer " + agent.token));
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    @Test
    void theTotalsAreThoseOfTheSeededConversations() throws Exception {
        JsonNode r = stats(server("srv-1"), "from=2020-03-01&to=2020-03-02");
        assertEquals("2020-03-01T00:00:00Z", r.path("from").asText());
        assertEquals("2020-03-03T00:00:00Z", r.path("to").asText(), "a date as to includes that day");
        JsonNode t = r.path("total");
        assertFigures(t, 4, 3, 8);
        assertTime(t.path("firstResponseSeconds"), 3, 130.0 / 3, 30);
        assertTime(t.path("handlingSeconds"), 2, 450, 450);
        assertSatisfaction(t.path("satisfaction"), 2, 8.0, Map.of(7, 1L, 9, 1L));
        assertEquals(0, r.path("groups").size(), "no grouping asked for");
    }

    @Test
    void byAgentTagAndDay() throws Exception {
        ServerNode s = server("srv-1");
        JsonNode agents = groups(stats(s, "from=2020-03-01&to=2020-03-02&by=agent"));
        JsonNode a = agents.path(String.valueOf(ann));
        assertEquals("Ann", a.path("label").asText());
        assertFigures(a, 2, 2, 5);
        assertTime(a.path("firstResponseSeconds"), 2, 60, 60);
        assertTime(a.path("handlingSeconds"), 2, 450, 450);
        assertSatisfaction(a.path("satisfaction"), 2, 8.0, Map.of(7, 1L, 9, 1L));
        JsonNode b = agents.path(String.valueOf(ben));
        assertFigures(b, 1, 1, 2);
        assertTime(b.path("firstResponseSeconds"), 1, 10, 10);
        assertTime(b.path("handlingSeconds"), 0, null, null);
        assertSatisfaction(b.path("satisfaction"), 0, null, Map.of());
        JsonNode none = agents.path("");
        assertEquals("(no agent)", none.path("label").asText());
        assertFigures(none, 1, 0, 1);

        JsonNode tags = groups(stats(s, "from=2020-03-01T00:00:00Z&to=2020-03-03T00:00:00Z&by=tag"));
        assertFigures(tags.path("billing"), 2, 2, 5);
        assertSatisfaction(tags.path("billing").path("satisfaction"), 2, 8.0, Map.of(7, 1L, 9, 1L));
        assertFigures(tags.path("refund"), 1, 1, 2);
        assertTime(tags.path("refund").path("handlingSeconds"), 1, 600, 600);
        assertSatisfaction(tags.path("refund").path("satisfaction"), 1, 7.0, Map.of(7, 1L));
        assertFigures(tags.path(""), 2, 1, 3);
        assertEquals("(no tag)", tags.path("").path("label").asText());

        JsonNode days = groups(stats(s, "from=2020-03-01&to=2020-03-02&by=day"));
        assertEquals(List.of("2020-03-01", "2020-03-02"), List.copyOf(iterable(days)));
        assertTime(days.path("2020-03-01").path("firstResponseSeconds"), 2, 60, 60);
        assertFigures(days.path("2020-03-02"), 2, 1, 3);
        assertTime(days.path("2020-03-02").path("handlingSeconds"), 0, null, null);

        JsonNode before = stats(s, "from=2020-02-20&to=2020-02-20").path("total");
        assertFigures(before, 1, 1, 2);
        assertSatisfaction(before.path("satisfaction"), 1, 0.0, Map.of(0, 1L));
    }

    @Test
    void badParametersAreRefusedWithBadRequest() throws Exception {
        ServerNode s = server("srv-1");
        TestAgent agent = track(TestAgent.login(url(s), DEMO_EMAIL, DEMO_PASSWORD));
        Map<String, String> auth = Map.of("Authorization", "Bearer " + agent.token);
        for (String q : List.of("by=week", "from=yesterday", "from=2020-03-05&to=2020-03-01",
                "from=2019-01-01&to=2020-03-01", "to=2020-13-01")) {
            Http.Reply r = Http.get(url(s) + "/api/stats?" + q, auth);
            assertEquals(400, r.status(), q + " -> " + r.body());
            assertEquals("bad_request", r.code());
        }
        assertEquals("invalid_token", Http.get(url(s) + "/api/stats").code());
        assertEquals(405, Http.post(url(s) + "/api/stats", "{}", auth).status());
        JsonNode recent = Http.get(url(s) + "/api/stats", auth).json();
        assertTrue(recent.path("total").path("satisfaction").path("distribution").size() == 11, recent.toString());
    }

    private static java.util.List<String> iterable(JsonNode byKey) {
        java.util.List<String> keys = new java.util.ArrayList<>();
        byKey.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static JsonNode groups(JsonNode r) {
        com.fasterxml.jackson.databind.node.ObjectNode byKey = io.livechat.protocol.Json.object();
        r.path("groups").forEach(g -> byKey.set(g.path("key").asText(), g));
        return byKey;
    }

    private static void assertFigures(JsonNode g, long conversations, long answered, long messages) {
        assertEquals(conversations, g.path("conversations").asLong(), g.toString());
        assertEquals(answered, g.path("answered").asLong(), g.toString());
        assertEquals(messages, g.path("messages").asLong(), g.toString());
    }

    private static void assertTime(JsonNode t, long count, Number mean, Number median) {
        assertEquals(count, t.path("count").asLong(), t.toString());
        assertNumber(mean, t.path("mean"));
        assertNumber(median, t.path("median"));
    }

    private static void assertSatisfaction(JsonNode s, long count, Double mean, Map<Integer, Long> scores) {
        assertEquals(count, s.path("count").asLong(), s.toString());
        assertNumber(mean, s.path("mean"));
        for (int i = 0; i <= 10; i++) {
            assertEquals(scores.getOrDefault(i, 0L), s.path("distribution").path(i).asLong(), s.toString());
        }
    }

    private static void assertNumber(Number expected, JsonNode actual) {
        if (expected == null) {
            assertTrue(actual.isNull(), "null expected, got " + actual);
        } else {
            assertEquals(expected.doubleValue(), actual.asDouble(), EPS, actual.toString());
        }
    }
}
