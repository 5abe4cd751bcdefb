package io.livechat.it;

import io.livechat.gateway.GatewayNode;
import io.livechat.security.TokenService;
import io.livechat.server.ServerNode;
import io.livechat.testsupport.Http;
import io.livechat.testsupport.RawRedis;
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

/**
 * Who may read a transcript is decided by the durable record when Redis has lost the conversation: only its agent,
 * and a conversation that never existed is {@code 404 not_found}.
 */
class TranscriptAuthorizationIT extends ClusterTestBase {

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster();
    }

    @Test
    void afterRedisLostItsDataOnlyTheAssignedAgentReadsTheTranscript() throws Exception {
        GatewayNode g = gateway("gw-a");
        ServerNode s = server("srv-1");
        AgentAssignmentIT.addAgent(cluster, AgentAssignmentIT.OTHER_EMAIL, "Bob", AgentAssignmentIT.OTHER_PASSWORD);
        TestAgent owner = deskOn(s);
        TestVisitor v = track(TestVisitor.create(url(g), "demo")).follow(url(g), Transport.WEBSOCKET);
        assertEquals(200, v.send("v-1", "my card number is 4111").status());
        await().atMost(AWAIT).until(() -> owner.messages(v.conversationId).size() == 1);
        owner.reply(v.conversationId, "a-1", "thanks");
        await().atMost(AWAIT).until(() -> cluster.storedSeqs(v.conversationId).equals(List.of(1L, 2L)));
        try (RawRedis redis = cluster.rawRedis()) {
            redis.sync().flushall();
        }
        TestAgent other = track(TestAgent.login(url(s), AgentAssignmentIT.OTHER_EMAIL,
                AgentAssignmentIT.OTHER_PASSWORD));

        Http.Reply refused = transcript(s, other, v.conversationId);
        assertEquals(403, refused.status(), refused.body());
        assertEquals("not_assigned", refused.code());
        Http.Reply own = transcript(s, owner, v.conversationId);
        assertEquals(200, own.status(), own.body());
        assertEquals(List.of("my card number is 4111", "thanks"), own.json().path("messages").findValuesAsText("text"));
    }

    @Test
    void aConversationThatNeverExistedIsNotFound() throws Exception {
        ServerNode s = server("srv-1");
        TestAgent agent = track(TestAgent.login(url(s), DEMO_EMAIL, DEMO_PASSWORD));
        Http.Reply r = transcript(s, agent, TokenService.newId());
        assertEquals(404, r.status(), r.body());
        assertEquals("not_found", r.code());
    }

    private static Http.Reply transcript(ServerNode s, TestAgent agent, String conversationId) {
        return Http.get(url(s) + "/api/conversations/" + conversationId + "/messages?after=0",
                Map.of("Authorization", "Bearer " + agent.token));
    }
}
