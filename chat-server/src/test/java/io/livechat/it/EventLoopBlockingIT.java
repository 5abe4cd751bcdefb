package io.livechat.it;

import io.livechat.gateway.GatewayNode;
import io.livechat.server.ServerNode;
import io.livechat.testsupport.Http;
import io.livechat.testsupport.TestAgent;
import io.livechat.testsupport.TestCluster;
import io.livechat.testsupport.TestVisitor;
import io.livechat.testsupport.Transport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs a whole chat (both transports, the desk, REST, a takeover, bad input) with BlockHound watching every Netty
 * event loop, ours and Lettuce's: any blocking call made on one of them fails the test.
 */
class EventLoopBlockingIT extends ClusterTestBase {

    private static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void install() throws Exception {
        BlockHound.Builder builder = BlockHound.builder();
        // Netty's own integration (found by ServiceLoader) lists the Netty internals that may block
        ServiceLoader.load(BlockHoundIntegration.class).forEach(builder::with);
        builder.nonBlockingThreadPredicate(p -> p.or(EventLoopBlockingIT::isEventLoop))
                // writing a log line to the console is accepted (a production setup logs asynchronously)
                .allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "subAppend")
                // /dev/urandom never blocks once the kernel is seeded
                .allowBlockingCallsInside("java.security.SecureRandom", "nextBytes")
                .blockingMethodCallback(m -> VIOLATIONS.add(Thread.currentThread().getName() + ": " + m + " at "
                        + java.util.Arrays.stream(new Exception().getStackTrace())
                                .filter(f -> f.getClassName().startsWith("io.livechat"))
                                .limit(6).map(String::valueOf).toList()))
                .install();
        cluster = new TestCluster();
    }

    /** Our listeners' event loops and Lettuce's I/O threads. */
    private static boolean isEventLoop(Thread t) {
        String n = t.getName();
        return n.startsWith("chat-io") || n.startsWith("chat-accept") || n.startsWith("lettuce-");
    }

    @Test
    void aWholeChatNeverBlocksAnEventLoop() throws Exception {
        GatewayNode a = gateway("gw-a");
        GatewayNode b = gateway("gw-b");
        ServerNode s = server("srv-1");
        TestAgent agent = deskOn(s);
        TestVisitor ws = track(TestVisitor.create(url(a), "demo")).follow(url(a), Transport.WEBSOCKET);
        TestVisitor poll = track(ws.secondTab()).follow(url(a), Transport.LONGPOLL);
        ws.sendFrame("{\"type\":\"send\",\"clientMsgId\":\"w1\",\"text\":\"over websocket\"}");
        poll.send("p1", "over http");
        ws.sendFrame("{\"type\":\"typing\",\"typing\":true}");
        ws.sendFrame("{broken");
        await().atMost(AWAIT).until(() -> agent.messages(ws.conversationId).size() == 2);
        agent.reply(ws.conversationId, "a1", "agent reply");
        await().atMost(AWAIT).until(() -> ws.shownSeqs().size() == 3 && poll.shownSeqs().size() == 3);
        assertEquals(200, Http.get(url(s) + "/api/conversations/" + ws.conversationId + "/messages?after=0",
                java.util.Map.of("Authorization", "Bearer " + agent.token)).status());
        poll.stop();
        ws.follow(url(b), Transport.WEBSOCKET); // takeover by another node
        agent.reply(ws.conversationId, "a2", "after the move");
        await().atMost(AWAIT).until(() -> ws.shownSeqs().size() == 4);
        assertEquals(200, Http.get(url(a) + "/widget/widget.js").status());
        assertEquals(200, Http.get(url(a) + "/metrics").status());

        assertEquals(List.of(), VIOLATIONS, "blocking calls on event loops");
    }

    @Test
    void restoringAConversationRedisLostNeverBlocksAnEventLoop() throws Exception {
        GatewayNode a = gateway("gw-a");
        ServerNode s = server("srv-1");
        TestAgent agent = deskOn(s);
        TestVisitor v = track(TestVisitor.create(url(a), "demo")).follow(url(a), Transport.LONGPOLL);
        String conv = v.conversationId;
        assertEquals(200, v.send("l1", "before the loss").status());
        await().atMost(AWAIT).until(() -> agent.messages(conv).size() == 1);
        await().atMost(AWAIT).until(() -> cluster.storedSeqs(conv).equals(List.of(1L)));
        try (var redis = cluster.rawRedis()) {
            redis.sync().flushall();
        }
        await().atMost(AWAIT).until(() -> v.send("l2", "after the loss").status() == 200);
        await().atMost(AWAIT).until(() -> v.resets().size() == 1 && v.shownSeqs().equals(List.of(1L, 2L)));
        await().atMost(AWAIT).until(() -> agent.resets().stream()
                .anyMatch(r -> conv.equals(r.path("conversationId").asText())) && agent.seqs(conv).size() == 2);

        assertEquals(List.of(), VIOLATIONS, "blocking calls on event loops");
    }
}
