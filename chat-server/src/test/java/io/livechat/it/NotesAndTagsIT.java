package io.livechat.it;

import com.fasterxml.jackson.databind.JsonNode;
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

import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Internal notes reach agents only, never a visitor on any transport; tags, and closing that asks for one. */
class NotesAndTagsIT extends ClusterTestBase {

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster();
    }

    private static Map<String, String> auth(TestAgent a) {
        return Map.of("Authorization", "Bearer " + a.token);
    }

    private TestVisitor talking(GatewayNode g, TestAgent agent, Transport t) {
        TestVisitor v = track(TestVisitor.create(url(g), "demo")).follow(url(g), t);
        assertEquals(200, v.send("v-1", "I was charged twice").status());
        await().atMost(AWAIT).until(() -> agent.messages(v.conversationId).size() == 1);
        return v;
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aNoteReachesAgentsButNeverTheVisitorOnTheWire(Transport transport) throws Exception {
        GatewayNode g = gateway("gw-a");
        ServerNode s = server("srv-1");
        TestAgent agent = deskOn(s);
        TestVisitor v = talking(g, agent, transport);
        String secret = "NOTE-" + transport + "-customer-is-known-for-chargebacks";
        String notes = url(s) + "/api/conversations/" + v.conversationId + "/notes";
        Http.Reply added = Http.post(notes, "{\"text\":\"" + secret + "\"}", auth(agent));
        assertEquals(201, added.status(), added.body());
        assertEquals("Demo Agent", added.json().path("agentName").asText());
        agent.reply(v.conversationId, "a-1", "Let me check that for you");
        await().atMost(AWAIT).until(() -> v.shownTexts().contains("Let me check that for you"));

        JsonNode listed = Http.get(notes, auth(agent)).json().path("notes");
        assertEquals(List.of(secret), listed.findValuesAsText("text"));
        // what the visitor's transport carried, and what it would carry from the start (stock clients' bytes)
        if (transport == Transport.WEBSOCKET) {
            assertFalse(v.ws().frames().toString().contains(secret), v.ws().frames().toString());
        }
        Http.Reply poll = Http.get(url(g) + "/v1/poll?" + v.query() + "&after=0&tab=raw", v.auth());
        assertEquals(200, poll.status());
        assertTrue(poll.body().contains("Let me check that for you"), poll.body());
        assertFalse(poll.body().contains("NOTE-"), poll.body());
        assertFalse(v.shownTexts().stream().anyMatch(t -> t.contains("NOTE-")));
        // a note is no message of the transcript
        await().atMost(AWAIT).until(() -> cluster.storedTexts(v.conversationId)
                .equals(List.of("I was charged twice", "Let me check that for you")));
        String transcript = Http.get(url(s) + "/api/conversations/" + v.conversationId + "/messages?after=0",
                auth(agent)).body();
        assertFalse(transcript.contains("NOTE-"), transcript);
    }

    @Test
    void tagsAreStoredNormalisedAndBadInputChangesNothing() throws Exception {
        GatewayNode g = gateway("gw-a");
        ServerNode s = server("srv-1");
        TestAgent agent = deskOn(s);
        TestVisitor v = talking(g, agent, Transport.LONGPOLL);
        String tags = url(s) + "/api/conversations/" + v.conversationId + "/tags";
        Http.Reply set = Http.request("PUT", tags, "{\"tags\":[\"Billing\",\"  refund   request \",\"billing\"]}",
                auth(agent));
        assertEquals(200, set.status(), set.body());
        assertEquals(List.of("billing", "refund request"), texts(set.json().path("tags")));
        assertFalse(set.json().path("closeRequiresTag").asBoolean(), "off by default");

        for (String bad : List.of("{\"tags\":\"billing\"}", "{\"tags\":[\"\"]}", "{\"tags\":[\"-dash\"]}",
                "{\"tags\":[\"" + "x".repeat(41) + "\"]}", "{\"tags\":[1]}", "{}")) {
            Http.Reply r = Http.request("PUT", tags, bad, auth(agent));
            assertEquals(400, r.status(), bad + " -> " + r.body());
            assertEquals("bad_request", r.code());
        }
        assertEquals(List.of("billing", "refund request"), texts(Http.get(tags, auth(agent)).json().path("tags")));
        JsonNode all = Http.get(url(s) + "/api/tags", auth(agent)).json().path("tags");
        assertTrue(all.findValuesAsText("tag").containsAll(List.of("billing", "refund request")), all.toString());

        AgentAssignmentIT.addAgent(cluster, "erin@example.com", "Erin", "erin-password");
        TestAgent erin = track(TestAgent.login(url(s), "erin@example.com", "erin-password"));
        Http.Reply notHers = Http.request("PUT", tags, "{\"tags\":[\"spam\"]}", auth(erin));
        assertEquals(403, notHers.status());
        assertEquals("not_assigned", notHers.code());
        Http.Reply noteNotHers = Http.post(url(s) + "/api/conversations/" + v.conversationId + "/notes",
                "{\"text\":\"mine now\"}", auth(erin));
        assertEquals("not_assigned", noteNotHers.code());
        assertEquals("not_found", Http.get(url(s) + "/api/conversations/no-such-conv/notes", auth(agent)).code());
        assertEquals("bad_request", Http.post(url(s) + "/api/conversations/" + v.conversationId + "/notes",
                "{\"text\":\"   \"}", auth(agent)).code());
        assertEquals(405, Http.request("DELETE", tags, null, auth(agent)).status());
        assertEquals(List.of("billing", "refund request"), texts(Http.get(tags, auth(agent)).json().path("tags")));
        assertEquals(0, Http.get(url(s) + "/api/conversations/" + v.conversationId + "/notes", auth(agent)).json()
                .path("notes").size());
    }

    @Test
    void whenTheSettingSaysSoClosingWaitsForATag() throws Exception {
        GatewayNode g = gateway("gw-a");
        ServerNode s = cluster.server("srv-tags", Map.of("CHAT_CLOSE_REQUIRES_TAG", "true"));
        perTest.add(() -> cluster.kill(s));
        TestAgent agent = deskOn(s);
        TestVisitor v = talking(g, agent, Transport.WEBSOCKET);
        String close = "{\"type\":\"close\",\"conversationId\":\"" + v.conversationId + "\"}";
        agent.ws().send(close);
        await().atMost(AWAIT).until(() -> agent.ws().frames("error").stream()
                .anyMatch(e -> e.path("code").asText().equals("tag_required")));
        agent.reply(v.conversationId, "a-1", "still open");
        await().atMost(AWAIT).until(() -> v.shownTexts().contains("still open"));
        assertFalse(v.shown().stream().anyMatch(e -> e.path("event").asText().equals("closed")), "nothing closed");

        String tags = url(s) + "/api/conversations/" + v.conversationId + "/tags";
        assertTrue(Http.get(tags, auth(agent)).json().path("closeRequiresTag").asBoolean());
        assertEquals(200, Http.request("PUT", tags, "{\"tags\":[\"billing\"]}", auth(agent)).status());
        agent.ws().send(close);
        await().atMost(AWAIT).until(() -> v.shown().stream().anyMatch(e -> e.path("event").asText().equals("closed")));
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
