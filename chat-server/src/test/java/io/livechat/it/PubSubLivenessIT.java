package io.livechat.it;

import io.livechat.gateway.GatewayNode;
import io.livechat.server.ServerNode;
import io.livechat.testsupport.Http;
import io.livechat.testsupport.TcpProxy;
import io.livechat.testsupport.TestAgent;
import io.livechat.testsupport.TestCluster;
import io.livechat.testsupport.TestVisitor;
import io.livechat.testsupport.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway reaches Redis through a TCP proxy that can make its pub/sub connection go silent (open, forwarding
 * nothing: a stalled network path or middlebox) or cut it. Either way the gateway notices, subscribes again (on a
 * new connection when the old one is silent), re-reads the logs of its sessions so that the replies published
 * meanwhile reach the visitor, each once and in order, and counts it in {@code chat_pubsub_resubscribed_total}.
 */
class PubSubLivenessIT extends ClusterTestBase {

    private static TcpProxy proxy;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster();
        proxy = new TcpProxy(cluster.redisPort());
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    @ParameterizedTest
    @MethodSource("transports")
    void repliesReachTheVisitorAfterTheGatewaysSubscriptionWentSilentOrWasCut(Transport transport)
            throws Exception {
        GatewayNode g = cluster.gatewayVia("gw-proxied-" + transport.name().toLowerCase(), proxy.redisUrl());
        track(() -> cluster.kill(g));
        ServerNode s = server("srv-1");
        TestAgent agent = deskOn(s);
        TestVisitor v = track(TestVisitor.create(url(g), "demo")).follow(url(g), transport);
        String conv = v.conversationId;
        assertEquals(200, v.send("v-1", "hello").status());
        await().atMost(AWAIT).until(() -> agent.messages(conv).size() == 1);
        agent.reply(conv, "a-1", "one");
        await().atMost(AWAIT).until(() -> v.shownTexts().equals(List.of("hello", "one")));
        double before = resubscribed(g);

        proxy.stallSubscribers();
        agent.reply(conv, "a-2", "two, while the subscription is silent");
        await().atMost(AWAIT).until(() -> v.shownTexts().size() == 3);
        assertEquals(List.of("hello", "one", "two, while the subscription is silent"), v.shownTexts());
        assertTrue(resubscribed(g) >= before + 1, "the new subscription is counted");

        double afterStall = resubscribed(g);
        proxy.cutSubscribers();
        agent.reply(conv, "a-3", "three, after the cut");
        await().atMost(AWAIT).until(() -> v.shownTexts().size() == 4);
        assertEquals(List.of(1L, 2L, 3L, 4L), v.shownSeqs(), "each message once, in order");
        await().atMost(AWAIT).until(() -> resubscribed(g) >= afterStall + 1);
    }

    private static double resubscribed(GatewayNode g) {
        String metrics = Http.get(url(g) + "/metrics").body();
        Matcher m = Pattern.compile("(?m)^chat_pubsub_resubscribed_total(?:\\{[^}]*})? ([0-9.eE+]+)$")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
