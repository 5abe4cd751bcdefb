package io.livechat.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.gateway.GatewayNode;
import io.livechat.server.ServerNode;
import io.livechat.config.ChatConfig;
import io.livechat.store.redis.RedisKeys;
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
import java.util.stream.LongStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chat end to end across two gateways and agent servers, on real Redis and PostgreSQL. */
class ChatFlowIT extends ClusterTestBase {

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster();
    }

    private static List<Long> oneTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    /** Records what is published on one node's channel. */
    private List<String> spyOn(String nodeId) {
        return track(cluster.rawRedis()).spy(RedisKeys.nodeChannel(nodeId));
    }

    @ParameterizedTest
    @MethodSource("transports")
    void replyReachesOnlyTheVisitorsNode(Transport transport) throws Exception {
        GatewayNode a = gateway("gw-a");
        gateway("gw-b");
        ServerNode s = server("srv-1");
        List<String> onA = spyOn("gw-a");
        List<String> onB = spyOn("gw-b");
        TestAgent agent = deskOn(s);
        TestVisitor v = track(TestVisitor.create(url(a), "demo")).follow(url(a), transport);

        assertEquals(200, v.send("v-1", "hello, anyone there?").status());
        await().atMost(AWAIT).until(() -> agent.messages(v.conversationId).size() == 1);
        agent.reply(v.conversationId, "a-1", "Hi! How can I help?");

        await().atMost(AWAIT).until(() -> v.shownTexts().equals(List.of("hello, anyone there?", "Hi! How can I help?")));
        await().atMost(AWAIT).until(() -> onA.stream().anyMatch(m -> m.contains("Hi! How can I help?")));
        assertTrue(onB.stream().noneMatch(m -> m.contains(v.conversationId)), "node B's channel carried " + onB);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void resumeAfterNodeDeathDeliversEachMessageOnce(Transport transport) throws Exception {
        GatewayNode a = gateway("gw-a");
        GatewayNode b = gateway("gw-b");
        ServerNode s = server("srv-1");
        TestAgent agent = deskOn(s);
        TestVisitor v = track(TestVisitor.create(url(a), "demo")).follow(url(a), transport);
        v.send("v-first", "my order is late");
        await().atMost(AWAIT).until(() -> agent.messages(v.conversationId).size() == 1);

        for (int i = 1; i <= 20; i++) {
            agent.reply(v.conversationId, "r-" + i, "reply " + i);
        }
        await().atMost(AWAIT).until(() -> v.lastSeq() >= 5);
        a.crash();
        for (int i = 21; i <= 40; i++) {
            agent.reply(v.conversationId, "r-" + i, "reply " + i);
        }
        await().atMost(AWAIT).until(() -> agent.ws().frames("ack").size() == 40);
        v.follow(url(b), transport);

        await().atMost(AWAIT).until(() -> v.shownSeqs().size() == 41);
        assertEquals(oneTo(41), v.shownSeqs());
        for (int i = 1; i <= 40; i++) {
            assertEquals("reply " + i, v.shownTexts().get(i));
        }
        assertTrue(agent.ws().frames("error").isEmpty(), "agent errors: " + agent.ws().frames("error"));
        await().atMost(AWAIT).until(() -> cluster.storedSeqs(v.conversationId).size() == 41);
        assertEquals(oneTo(41), cluster.storedSeqs(v.conversationId));
    }

    @ParameterizedTest
    @MethodSource("transports")
    void retriedSendWithSameClientMsgIdCreatesOneMessage(Transport transport) throws Exception {
        GatewayNode a = gateway("gw-a");
        server("srv-1"); // runs the transcript writer
        TestVisitor v = track(TestVisitor.create(url(a), "demo")).follow(url(a), transport);
        if (transport == Transport.WEBSOCKET) {
            String frame = "{\"type\":\"send\",\"clientMsgId\":\"same-id\",\"text\":\"only once\"}";
            v.sendFrame(frame);
            v.sendFrame(frame);
            await().atMost(AWAIT).until(() -> v.ws().frames("ack").size() == 2);
            List<JsonNode> acks = v.ws().frames("ack");
            assertEquals(1, acks.get(0).path("seq").asLong());
            assertEquals(1, acks.get(1).path("seq").asLong());
            assertTrue(acks.get(1).path("duplicate").asBoolean());
        } else {
            Http.Reply first = v.send("same-id", "only once");
            Http.Reply again = v.send("same-id", "only once");
            assertEquals(1, first.json().path("seq").asLong());
            assertEquals(1, again.json().path("seq").asLong());
            assertTrue(again.json().path("duplicate").asBoolean());
        }
        assertEquals(200, v.send("next-id", "second message").status());
        await().atMost(AWAIT).until(() -> v.shownSeqs().equals(List.of(1L, 2L)));
        assertEquals(List.of("only once", "second message"), v.shownTexts());
        await().atMost(AWAIT).until(() -> cluster.storedSeqs(v.conversationId).size() == 2);
        assertEquals(List.of(1L, 2L), cluster.storedSeqs(v.conversationId));
    }

    @ParameterizedTest
    @MethodSource("transports")
    void typingIndicatorsTravelBothWaysAndAreNotStored(Transport transport) throws Exception {
        GatewayNode a = gateway("gw-a");
        ServerNode s = server("srv-1");
        TestAgent agent = deskOn(s);
        TestVisitor v = track(TestVisitor.create(url(a), "demo")).follow(url(a), Transport.WEBSOCKET);
        v.send("v-1", "hello");
        await().atMost(AWAIT).until(() -> agent.messages(v.conversationId).size() == 1);
        if (transport == Transport.WEBSOCKET) {
            v.sendFrame("{\"type\":\"typing\",\"typing\":true}");
        } else {
            assertEquals(204, Http.post(url(a) + "/v1/typing?" + v.query(), "{\"typing\":true}", v.auth()).status());
        }
        await().atMost(AWAIT).until(() -> agent.ws().frames("typing").stream()
                .anyMatch(f -> f.path("from").asText().equals("visitor") && f.path("typing").asBoolean()));
        agent.ws().send("{\"type\":\"typing\",\"conversationId\":\"" + v.conversationId + "\",\"typing\":true}");
        await().atMost(AWAIT).until(() -> v.ws().frames("typing").stream()
                .anyMatch(f -> f.path("from").asText().equals("agent")));
        assertEquals(1, Http.get(url(a) + "/v1/poll?" + v.query() + "&after=0", v.auth()).json().path("events").size(),
                "typing is not part of the stored sequence");
    }

    @Test
    void anEventForAMovedSessionIsForwardedToTheNodeNowNamed() throws Exception {
        GatewayNode a = gateway("gw-a");
        GatewayNode b = gateway("gw-b");
        server("srv-1"); // publishes the sites
        TestVisitor v = track(TestVisitor.create(url(a), "demo")).follow(url(a), Transport.WEBSOCKET);
        v.follow(url(b), Transport.WEBSOCKET); // b takes the session over; a lets it go
        await().atMost(AWAIT).until(() -> a.sessions().local(v.sid) == null);
        List<String> onB = spyOn("gw-b");
        String typing = "{\"type\":\"typing\",\"conversationId\":\"" + v.conversationId
                + "\",\"from\":\"agent\",\"typing\":true}";
        track(cluster.rawRedis()).publish(RedisKeys.nodeChannel("gw-a"), new io.livechat.routing.Envelope(
                io.livechat.routing.Envelope.TYPING, io.livechat.routing.Envelope.VISITOR, v.sid, v.conversationId,
                0, 0, "", typing).encode());
        await().atMost(AWAIT).until(() -> !v.ws().frames("typing").isEmpty());
        assertTrue(onB.stream().anyMatch(m -> m.startsWith("T\tv\t" + v.sid) && m.contains("\t1\t")),
                "forwarded once (hop 1) to the node the registry names: " + onB);
    }

    @Test
    void aLeaseHeldByAnotherNodeClosesTheLocalConnectionsWithMoved() throws Exception {
        GatewayNode a = gateway("gw-a");
        server("srv-1");
        TestVisitor v = track(TestVisitor.create(url(a), "demo")).follow(url(a), Transport.WEBSOCKET);
        TestVisitor other = track(TestVisitor.create(url(a), "demo")).follow(url(a), Transport.WEBSOCKET);
        var redis = track(cluster.rawRedis()).sync();
        RedisKeys keys = new RedisKeys(ChatConfig.DEFAULT_REDIS_SHARDS);
        assertEquals("gw-a", redis.get(keys.visitorNode(v.conversationId)));
        redis.set(keys.visitorNode(v.conversationId), "gw-elsewhere");
        redis.del(keys.visitorNode(other.conversationId)); // a lost entry is simply re-created
        a.sessions().refreshLeases();
        assertEquals(4009, v.ws().closed().join());
        await().atMost(AWAIT).until(() -> "gw-a".equals(redis.get(keys.visitorNode(other.conversationId))));
        assertEquals(200, other.send("still-here", "still here").status());
        await().atMost(AWAIT).until(() -> other.shownTexts().equals(List.of("still here")));
    }

    @Test
    void theDeskReadsTheTranscriptOverRest() throws Exception {
        GatewayNode a = gateway("gw-a");
        ServerNode s = server("srv-1");
        TestAgent agent = deskOn(s);
        TestVisitor v = track(TestVisitor.create(url(a), "demo"));
        for (int i = 1; i <= 5; i++) {
            v.send("v-" + i, "line " + i);
        }
        await().atMost(AWAIT).until(() -> agent.messages(v.conversationId).size() == 5);
        await().atMost(AWAIT).until(() -> cluster.storedSeqs(v.conversationId).size() == 5);
        java.util.Map<String, String> auth = java.util.Map.of("Authorization", "Bearer " + agent.token);
        Http.Reply r = Http.get(url(s) + "/api/conversations/" + v.conversationId + "/messages?after=2&limit=2", auth);
        assertEquals(200, r.status());
        assertEquals(List.of(3L, 4L), r.json().path("messages").findValuesAsText("seq").stream()
                .map(Long::parseLong).toList());
        assertEquals(4, r.json().path("cursor").asLong());
        Http.Reply list = Http.get(url(s) + "/api/conversations", auth);
        assertTrue(list.json().path("conversations").findValuesAsText("conversationId").contains(v.conversationId));
        assertTrue(list.json().path("conversations").findValuesAsText("browser").stream()
                .anyMatch(b -> b.startsWith("Java-http-client")), "the visitor's browser is shown to the agent");
        assertEquals(401, Http.get(url(s) + "/api/conversations").status());
    }

    @Test
    void longPollTabAndWebSocketTabSeeTheSameSequence() throws Exception {
        GatewayNode a = gateway("gw-a");
        ServerNode s = server("srv-1");
        TestAgent agent = deskOn(s);
        TestVisitor wsTab = track(TestVisitor.create(url(a), "demo")).follow(url(a), Transport.WEBSOCKET);
        TestVisitor pollTab = track(wsTab.secondTab()).follow(url(a), Transport.LONGPOLL);
        wsTab.send("v-0", "hello from tab one");
        await().atMost(AWAIT).until(() -> agent.messages(wsTab.conversationId).size() == 1);
        for (int i = 1; i <= 10; i++) {
            agent.reply(wsTab.conversationId, "a-" + i, "agent " + i);
            if (i % 2 == 0) {
                pollTab.send("v-" + i, "visitor " + i);
            }
        }
        await().atMost(AWAIT).until(() -> wsTab.shownSeqs().size() == 16 && pollTab.shownSeqs().size() == 16);
        assertEquals(oneTo(16), wsTab.shownSeqs());
        assertEquals(wsTab.shownTexts(), pollTab.shownTexts());
    }

    @Test
    void deskReconnectingToAnotherServerNodeSeesEveryMessageOnce() throws Exception {
        GatewayNode a = gateway("gw-a");
        ServerNode s1 = server("srv-1");
        ServerNode s2 = server("srv-2");
        TestAgent agent = deskOn(s1);
        TestVisitor v = track(TestVisitor.create(url(a), "demo")).follow(url(a), Transport.WEBSOCKET);
        for (int i = 1; i <= 10; i++) {
            v.send("v-" + i, "message " + i);
        }
        await().atMost(AWAIT).until(() -> agent.messages(v.conversationId).size() == 10);
        agent.drop();
        for (int i = 11; i <= 20; i++) {
            v.send("v-" + i, "message " + i);
        }
        agent.connect(url(s2));
        for (int i = 21; i <= 30; i++) {
            v.send("v-" + i, "message " + i);
        }
        await().atMost(AWAIT).until(() -> agent.messages(v.conversationId).size() == 30);
        assertEquals(oneTo(30), agent.seqs(v.conversationId));
        List<Long> onNewConnection = agent.rawMessages(v.conversationId).stream()
                .map(m -> m.path("seq").asLong()).toList();
        assertEquals(LongStream.rangeClosed(11, 30).boxed().toList(), onNewConnection,
                "the reconnected desk got each message after its cursor exactly once, in order");
    }

    @Test
    void postgresOutageWhileMessagesFlowLosesAndDoublesNothing() throws Exception {
        GatewayNode a = gateway("gw-a");
        ServerNode s = server("srv-1");
        TestVisitor v = track(TestVisitor.create(url(a), "demo")).follow(url(a), Transport.WEBSOCKET);
        for (int i = 1; i <= 10; i++) {
            assertEquals(200, v.send("v-" + i, "before " + i).status());
        }
        await().atMost(AWAIT).until(() -> cluster.storedSeqs(v.conversationId).size() == 10);
        cluster.postgres().stop();
        await().atMost(AWAIT).until(() -> s.state().notReadyReason() != null);
        assertEquals(503, Http.get(url(s) + "/readyz").status());
        for (int i = 11; i <= 30; i++) {
            assertEquals(200, v.send("v-" + i, "during " + i).status(), "sends are acknowledged during the outage");
        }
        cluster.postgres().start();
        await().atMost(AWAIT).until(() -> Http.get(url(s) + "/readyz").status() == 200);
        for (int i = 31; i <= 40; i++) {
            assertEquals(200, v.send("v-" + i, "after " + i).status());
        }
        await().atMost(AWAIT).until(() -> cluster.storedSeqs(v.conversationId).size() == 40);
        assertEquals(oneTo(40), cluster.storedSeqs(v.conversationId));
        assertEquals(oneTo(40), v.shownSeqs());
    }
}
