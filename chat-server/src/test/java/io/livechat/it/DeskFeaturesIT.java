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

import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Receipts, agent status, closing and rating, and paging back through a transcript. */
class DeskFeaturesIT extends ClusterTestBase {

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster();
    }

    private static JsonNode conversation(ServerNode s, TestAgent agent, String id) {
        for (JsonNode c : Http.get(url(s) + "/api/conversations", Map.of("Authorization", "Bearer " + agent.token))
                .json().path("conversations")) {
            if (c.path("conversationId").asText().equals(id)) {
                return c;
            }
        }
        return null;
    }

    @Test
    void readReceiptsTravelBothWaysAndAreRemembered() throws Exception {
        GatewayNode a = gateway("gw-a");
        ServerNode s = server("srv-1");
        TestAgent agent = deskOn(s);
        TestVisitor v = track(TestVisitor.create(url(a), "demo")).follow(url(a), Transport.WEBSOCKET);
        v.send("v-1", "hello");
        await().atMost(AWAIT).until(() -> agent.messages(v.conversationId).size() == 1);
        agent.ws().send("{\"type\":\"receipt\",\"conversationId\":\"" + v.conversationId
                + "\",\"state\":\"read\",\"seq\":1}");
        await().atMost(AWAIT).until(() -> v.ws().frames("receipt").stream().anyMatch(
                f -> f.path("from").asText().equals("agent") && f.path("state").asText().equals("read")
                        && f.path("seq").asLong() == 1));
        agent.reply(v.conversationId, "a-1", "hi");
        await().atMost(AWAIT).until(() -> v.shownSeqs().size() == 2);
        assertEquals(204, Http.post(url(a) + "/v1/receipt?" + v.query(), "{\"state\":\"read\",\"seq\":2}",
                v.auth()).status());
        await().atMost(AWAIT).until(() -> agent.ws().frames("receipt").stream().anyMatch(
                f -> f.path("from").asText().equals("visitor") && f.path("seq").asLong() == 2));
        JsonNode info = conversation(s, agent, v.conversationId);
        assertEquals(2, info.path("visitorRead").asLong());
        assertEquals(1, info.path("agentRead").asLong());
        Http.Reply ahead = Http.post(url(a) + "/v1/receipt?" + v.query(), "{\"state\":\"read\",\"seq\":9}", v.auth());
        assertEquals(400, ahead.status());
        assertEquals("cursor_ahead", ahead.code());
    }

    @Test
    void anAwayAgentGetsNoNewConversationsUntilBackOnline() throws Exception {
        GatewayNode a = gateway("gw-a");
        ServerNode s = server("srv-1");
        TestAgent agent = deskOn(s);
        agent.ws().send("{\"type\":\"status\",\"status\":\"away\"}");
        await().atMost(AWAIT).until(() -> agent.ws().frames("status").stream()
                .anyMatch(f -> f.path("status").asText().equals("away")));
        assertEquals(0, Http.get(url(a) + "/v1/status?siteKey=demo").json().path("agentsOnline").asInt());
        TestVisitor v = track(TestVisitor.create(url(a), "demo"));
        assertEquals(200, v.send("v-1", "anyone?").status());
        assertTrue(agent.messages(v.conversationId).isEmpty(), "an away agent is not assigned");
        agent.ws().send("{\"type\":\"status\",\"status\":\"online\"}");
        await().atMost(AWAIT).until(() -> agent.messages(v.conversationId).size() == 1);
        assertFalse(agent.ws().frames("assigned").isEmpty());
        assertEquals(1, Http.get(url(a) + "/v1/status?siteKey=demo").json().path("agentsOnline").asInt());
    }

    @Test
    void anAgentSeesTheWaitingQueueAndTakesAConversationFromIt() throws Exception {
        GatewayNode a = gateway("gw-a");
        ServerNode s = server("srv-1");
        TestAgent agent = deskOn(s);
        agent.ws().send("{\"type\":\"status\",\"status\":\"away\"}");
        await().atMost(AWAIT).until(() -> !agent.ws().frames("status").isEmpty());
        TestVisitor v = track(TestVisitor.create(url(a), "demo"));
        assertEquals(200, v.send("v-1", "is anyone there?").status());
        Map<String, String> auth = Map.of("Authorization", "Bearer " + agent.token);
        JsonNode queue = Http.get(url(s) + "/api/queue", auth).json().path("queue");
        assertTrue(queue.findValuesAsText("conversationId").contains(v.conversationId), queue.toString());
        assertTrue(queue.get(0).path("waitingSince").asLong() > 0);

        String claim = "{\"type\":\"claim\",\"conversationId\":\"" + v.conversationId + "\"}";
        agent.ws().send(claim);
        await().atMost(AWAIT).until(() -> agent.messages(v.conversationId).size() == 1);
        assertTrue(agent.ws().frames("claimed").get(0).path("ok").asBoolean());
        assertFalse(agent.ws().frames("assigned").isEmpty());
        agent.ws().send(claim);
        await().atMost(AWAIT).until(() -> agent.ws().frames("claimed").size() == 2);
        assertFalse(agent.ws().frames("claimed").get(1).path("ok").asBoolean(), "taken already");
        assertFalse(Http.get(url(s) + "/api/queue", auth).json().path("queue").findValuesAsText("conversationId")
                .contains(v.conversationId));
        agent.reply(v.conversationId, "a-1", "I am here");
        await().atMost(AWAIT).until(() -> agent.ws().frames("ack").stream()
                .anyMatch(f -> f.path("clientMsgId").asText().equals("a-1")));
        assertTrue(agent.ws().frames("error").isEmpty(), "the claimed conversation is the agent's");
    }

    @Test
    void closingNotifiesBothSidesTheVisitorRatesAndAnotherMessageReopens() throws Exception {
        GatewayNode a = gateway("gw-a");
        ServerNode s = server("srv-1");
        TestAgent agent = deskOn(s);
        TestVisitor v = track(TestVisitor.create(url(a), "demo")).follow(url(a), Transport.LONGPOLL);
        v.send("v-1", "thanks, bye");
        await().atMost(AWAIT).until(() -> agent.messages(v.conversationId).size() == 1);
        agent.ws().send("{\"type\":\"close\",\"conversationId\":\"" + v.conversationId + "\"}");
        await().atMost(AWAIT).until(() -> v.shown().stream().anyMatch(e -> e.path("event").asText().equals("closed")));
        await().atMost(AWAIT).until(() -> agent.messages(v.conversationId).size() == 2);
        assertEquals("closed", conversationStatus(s, agent, v.conversationId));

        Http.Reply rated = Http.post(url(a) + "/v1/rating?" + v.query(), "{\"score\":9,\"comment\":\"quick\"}",
                v.auth());
        assertEquals(200, rated.status());
        Http.Reply again = Http.post(url(a) + "/v1/rating?" + v.query(), "{\"score\":9,\"comment\":\"quick\"}",
                v.auth());
        assertTrue(again.json().path("duplicate").asBoolean(), "one rating per closing");
        assertEquals(400, Http.post(url(a) + "/v1/rating?" + v.query(), "{\"score\":11}", v.auth()).status());
        await().atMost(AWAIT).until(() -> agent.messages(v.conversationId).size() == 3);
        assertEquals(null, conversation(s, agent, v.conversationId),
                "a rating leaves the conversation closed, out of the agent's list");
        await().atMost(AWAIT).until(() -> v.shown().stream().anyMatch(e -> e.path("event").asText().equals("rating")
                && e.path("text").asText().equals("Rated 9/10: quick")));

        v.send("v-2", "one more question");
        await().atMost(AWAIT).until(() -> agent.messages(v.conversationId).stream()
                .anyMatch(m -> m.path("text").asText().equals("one more question")));
        assertEquals("open", conversationStatus(s, agent, v.conversationId));
    }

    private static String conversationStatus(ServerNode s, TestAgent agent, String id) {
        Http.Reply r = Http.get(url(s) + "/api/conversations/" + id + "/messages?after=0",
                Map.of("Authorization", "Bearer " + agent.token));
        assertEquals(200, r.status());
        JsonNode c = conversation(s, agent, id);
        return c == null ? "closed" : c.path("status").asText();
    }

    @Test
    void theDeskPagesBackThroughATranscript() throws Exception {
        GatewayNode a = gateway("gw-a");
        ServerNode s = server("srv-1");
        TestAgent agent = deskOn(s);
        TestVisitor v = track(TestVisitor.create(url(a), "demo"));
        for (int i = 1; i <= 8; i++) {
            v.send("v-" + i, "line " + i);
        }
        await().atMost(AWAIT).until(() -> agent.messages(v.conversationId).size() == 8);
        Map<String, String> auth = Map.of("Authorization", "Bearer " + agent.token);
        Http.Reply page = Http.get(url(s) + "/api/conversations/" + v.conversationId + "/messages?before=6&limit=3",
                auth);
        assertEquals(List.of("line 3", "line 4", "line 5"), page.json().path("messages").findValuesAsText("text"));
        Http.Reply first = Http.get(url(s) + "/api/conversations/" + v.conversationId + "/messages?before=3&limit=5",
                auth);
        assertEquals(List.of("line 1", "line 2"), first.json().path("messages").findValuesAsText("text"));
    }
}
