package io.livechat.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.gateway.GatewayNode;
import io.livechat.server.ServerNode;
import io.livechat.server.store.AgentRepository;
import io.livechat.server.store.PasswordHasher;
import io.livechat.testsupport.Http;
import io.livechat.testsupport.TestAgent;
import io.livechat.testsupport.TestCluster;
import io.livechat.testsupport.TestVisitor;
import io.livechat.testsupport.Transport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** An agent acts only on the conversations assigned to them: every other agent's frame is refused. */
class AgentAssignmentIT extends ClusterTestBase {

    static final String OTHER_EMAIL = "bob@example.com";
    static final String OTHER_PASSWORD = "bob-password";

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster();
    }

    /** Creates an agent account in the cluster's PostgreSQL (migrated by a started server), as agent-add does. */
    static void addAgent(TestCluster c, String email, String name, String password) throws Exception {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(c.postgres().jdbcUrl());
        ds.setUser("postgres");
        new AgentRepository(ds, new PasswordHasher()).create(email, name, password);
    }

    @Test
    void anotherAgentsTypingAndReceiptAreRefusedAndHaveNoEffect() throws Exception {
        GatewayNode g = gateway("gw-a");
        ServerNode s = server("srv-1");
        addAgent(cluster, OTHER_EMAIL, "Bob", OTHER_PASSWORD);
        TestAgent owner = deskOn(s);
        TestVisitor v = track(TestVisitor.create(url(g), "demo")).follow(url(g), Transport.WEBSOCKET);
        assertEquals(200, v.send("v-1", "hello").status());
        await().atMost(AWAIT).until(() -> owner.messages(v.conversationId).size() == 1);
        TestAgent other = track(TestAgent.login(url(s), OTHER_EMAIL, OTHER_PASSWORD)).connect(url(s));
        await().atMost(AWAIT).until(() -> !other.ws().frames("welcome").isEmpty());

        String conv = v.conversationId;
        other.ws().send("{\"type\":\"typing\",\"conversationId\":\"" + conv + "\",\"typing\":true}");
        other.ws().send("{\"type\":\"receipt\",\"conversationId\":\"" + conv + "\",\"state\":\"read\",\"seq\":1}");
        await().atMost(AWAIT).until(() -> other.ws().frames("error").size() == 2);
        assertEquals(List.of("not_assigned", "not_assigned"),
                other.ws().frames("error").stream().map(f -> f.path("code").asText()).toList());

        // the owner's typing reaches the visitor: by then the other agent's would have too
        owner.ws().send("{\"type\":\"typing\",\"conversationId\":\"" + conv + "\",\"typing\":false}");
        await().atMost(AWAIT).until(() -> !v.ws().frames("typing").isEmpty());
        assertEquals(List.of(false), v.ws().frames("typing").stream().map(f -> f.path("typing").asBoolean()).toList());
        assertEquals(List.of(), v.ws().frames("receipt"), "the other agent's receipt never reached the visitor");
        assertEquals(0, info(s, owner, conv).path("agentRead").asLong(), "agentRead unchanged");
    }

    @Test
    void anotherAgentCanNeitherReplyCloseNorReadTheTranscript() throws Exception {
        GatewayNode g = gateway("gw-a");
        ServerNode s = server("srv-1");
        addAgent(cluster, OTHER_EMAIL, "Bob", OTHER_PASSWORD);
        TestAgent owner = deskOn(s);
        TestVisitor v = track(TestVisitor.create(url(g), "demo")).follow(url(g), Transport.WEBSOCKET);
        assertEquals(200, v.send("v-1", "hello").status());
        await().atMost(AWAIT).until(() -> owner.messages(v.conversationId).size() == 1);
        TestAgent other = track(TestAgent.login(url(s), OTHER_EMAIL, OTHER_PASSWORD)).connect(url(s));
        await().atMost(AWAIT).until(() -> !other.ws().frames("welcome").isEmpty());

        other.reply(v.conversationId, "b-1", "not mine");
        other.ws().send("{\"type\":\"close\",\"conversationId\":\"" + v.conversationId + "\"}");
        await().atMost(AWAIT).until(() -> other.ws().frames("error").size() == 2);
        assertEquals(List.of("not_assigned", "not_assigned"),
                other.ws().frames("error").stream().map(f -> f.path("code").asText()).toList());
        Http.Reply read = Http.get(url(s) + "/api/conversations/" + v.conversationId + "/messages?after=0",
                Map.of("Authorization", "Bearer " + other.token));
        assertEquals(403, read.status());
        assertEquals("not_assigned", read.code());
        assertEquals(1, info(s, owner, v.conversationId).path("lastSeq").asLong(), "nothing was written");
    }

    static JsonNode info(ServerNode s, TestAgent agent, String id) {
        for (JsonNode c : Http.get(url(s) + "/api/conversations", Map.of("Authorization", "Bearer " + agent.token))
                .json().path("conversations")) {
            if (c.path("conversationId").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("conversation " + id + " is not in the agent's list");
    }
}
