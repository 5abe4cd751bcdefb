package io.livechat.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.livechat.gateway.GatewayNode;
import io.livechat.server.ServerNode;
import io.livechat.server.desk.DeskHooks;
import io.livechat.store.redis.RedisKeys;
import io.livechat.testsupport.TestAgent;
import io.livechat.testsupport.TestCluster;
import io.livechat.testsupport.TestVisitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The desk's hello while events arrive: the hello is held right after it read the agent's conversations
 * (a package-private test hook in the desk), messages are accepted meanwhile, then the hello goes on.
 */
class DeskHelloIT extends ClusterTestBase {

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster();
    }

    /** Records what is published on one node's channel. */
    private List<String> channelOf(String nodeId) {
        RedisClient client = RedisClient.create(cluster.redisUrl());
        StatefulRedisPubSubConnection<String, String> c = client.connectPubSub();
        List<String> seen = new CopyOnWriteArrayList<>();
        c.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                seen.add(message);
            }
        });
        c.sync().subscribe(RedisKeys.nodeChannel(nodeId));
        track(client::shutdown);
        return seen;
    }

    private static long published(List<String> channel, String conversationId) {
        return channel.stream().filter(m -> m.startsWith("E\ta\t") && m.contains(conversationId)).count();
    }

    /** Index of the first frame that tells the desk about the conversation: the welcome listing it, or assigned. */
    private static int announcedAt(List<JsonNode> frames, String conversationId) {
        for (int i = 0; i < frames.size(); i++) {
            JsonNode f = frames.get(i);
            String type = f.path("type").asText();
            if (type.equals("assigned") && f.path("conversation").path("conversationId").asText()
                    .equals(conversationId)
                    || type.equals("welcome") && f.path("conversations").findValuesAsText("conversationId")
                    .contains(conversationId)) {
                return i;
            }
        }
        return -1;
    }

    private static int firstMessageAt(List<JsonNode> frames, String conversationId) {
        for (int i = 0; i < frames.size(); i++) {
            JsonNode f = frames.get(i);
            if (f.path("type").asText().equals("message")
                    && f.path("conversationId").asText().equals(conversationId)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void conversationAssignedDuringHelloIsAnnouncedBeforeItsMessages() throws Exception {
        GatewayNode a = gateway("gw-a");
        ServerNode s = server("srv-1");
        List<String> toServer = channelOf("srv-1");
        TestVisitor v = track(TestVisitor.create(url(a), "demo"));
        try (DeskHooks.HelloPause pause = DeskHooks.pauseHelloAfterMemberRead()) {
            TestAgent agent = track(TestAgent.login(url(s), DEMO_EMAIL, DEMO_PASSWORD)).connect(url(s));
            pause.memberRead().get(AWAIT.toSeconds(), TimeUnit.SECONDS); // the agent is online, its list read
            assertEquals(200, v.send("v-1", "first, assigns the conversation").status());
            assertEquals(200, v.send("v-2", "second").status());
            await().atMost(AWAIT).until(() -> published(toServer, v.conversationId) == 2);
            pause.release();

            await().atMost(AWAIT).until(() -> agent.messages(v.conversationId).size() == 2);
            assertEquals(200, v.send("v-3", "third, after the hello").status());
            await().atMost(AWAIT).until(() -> agent.messages(v.conversationId).size() == 3);
            assertEquals(List.of(1L, 2L, 3L), agent.rawMessages(v.conversationId).stream()
                    .map(m -> m.path("seq").asLong()).toList(), "each message once, in order");
            List<JsonNode> frames = agent.ws().frames();
            int announced = announcedAt(frames, v.conversationId);
            assertTrue(announced >= 0 && announced < firstMessageAt(frames, v.conversationId),
                    "the desk learns of the conversation before its first message: " + frames);
        }
    }

    @Test
    void messagesOfAListedConversationArrivingDuringHelloReachTheDeskOnceInOrder() throws Exception {
        GatewayNode a = gateway("gw-a");
        ServerNode s = server("srv-1");
        List<String> toServer = channelOf("srv-1");
        TestAgent agent = deskOn(s);
        TestVisitor v = track(TestVisitor.create(url(a), "demo"));
        assertEquals(200, v.send("v-1", "before").status());
        await().atMost(AWAIT).until(() -> agent.messages(v.conversationId).size() == 1);
        agent.drop();
        try (DeskHooks.HelloPause pause = DeskHooks.pauseHelloAfterMemberRead()) {
            agent.connect(url(s)); // hello with cursor 1
            pause.memberRead().get(AWAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(200, v.send("v-2", "during the hello").status());
            assertEquals(200, v.send("v-3", "during the hello too").status());
            await().atMost(AWAIT).until(() -> published(toServer, v.conversationId) == 3);
            pause.release();
            await().atMost(AWAIT).until(() -> agent.messages(v.conversationId).size() == 3);
            assertEquals(List.of(2L, 3L), agent.rawMessages(v.conversationId).stream()
                    .map(m -> m.path("seq").asLong()).toList(), "after the cursor, each once, in order");
        }
    }
}
