package io.livechat.it;

import io.livechat.gateway.GatewayNode;
import io.livechat.server.ServerNode;
import io.livechat.testsupport.TestAgent;
import io.livechat.testsupport.TestCluster;
import io.livechat.testsupport.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/** One real Redis and PostgreSQL per test class; nodes and clients per test, closed after it. */
abstract class ClusterTestBase {

    static final String DEMO_EMAIL = "demo@example.com";
    static final String DEMO_PASSWORD = "demo";
    static final Duration AWAIT = Duration.ofSeconds(20);

    static TestCluster cluster;
    final List<AutoCloseable> perTest = new ArrayList<>();

    static Stream<Transport> transports() {
        return Stream.of(Transport.WEBSOCKET, Transport.LONGPOLL);
    }

    static String url(GatewayNode g) {
        return "http://127.0.0.1:" + g.port();
    }

    static String url(ServerNode s) {
        return "http://127.0.0.1:" + s.port();
    }

    <T extends AutoCloseable> T track(T c) {
        perTest.add(c);
        return c;
    }

    GatewayNode gateway(String id) throws InterruptedException {
        GatewayNode g = cluster.gateway(id);
        perTest.add(() -> cluster.kill(g));
        return g;
    }

    ServerNode server(String id) throws InterruptedException {
        ServerNode s = cluster.server(id);
        perTest.add(() -> cluster.kill(s));
        return s;
    }

    /** The demo agent with its desk open on {@code server}, after the welcome arrived. */
    TestAgent deskOn(ServerNode server) {
        TestAgent agent = track(TestAgent.login(url(server), DEMO_EMAIL, DEMO_PASSWORD)).connect(url(server));
        await().atMost(AWAIT).until(() -> !agent.ws().frames("welcome").isEmpty());
        return agent;
    }

    @AfterEach
    void closePerTest() {
        for (int i = perTest.size() - 1; i >= 0; i--) {
            try {
                perTest.get(i).close();
            } catch (Exception e) {
                // already closed or crashed by the test
            }
        }
        perTest.clear();
    }

    @AfterAll
    static void closeCluster() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }
}
