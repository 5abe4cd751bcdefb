package io.livechat.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.gateway.GatewayNode;
import io.livechat.server.ServerNode;
import io.livechat.store.redis.RedisKeys;
import io.lettuce.core.Range;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis loses a conversation's log mid-chat (FLUSHALL, or a restart without persistence) after the transcript
 * writer stored the first messages: the conversation is restored from PostgreSQL with a new epoch, the visitor
 * (both transports) and the desk are told with a {@code reset} and shown every stored message once and in order,
 * and new messages go on above PostgreSQL's highest seq.
 */
class RedisDataLossIT extends ClusterTestBase {

    private static final List<String> BEFORE = List.of("hello", "hi there", "my order is late");

    @BeforeAll
    static void startCluster() throws Exception {
        // lease renewals (which also notice a lost conversation) every second
        cluster = new TestCluster(Map.of("CHAT_REGISTRY_TTL_SECONDS", "3"));
    }

    private static List<Long> oneTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    private static void flushRedis() {
        try (var redis = cluster.rawRedis()) {
            redis.sync().flushall();
        }
    }

    private static void restartRedisWithoutPersistence() throws Exception {
        cluster.stopRedis();
        cluster.startRedis();
    }

    private static List<JsonNode> resetsOf(TestAgent agent, String conversationId) {
        return agent.resets().stream().filter(r -> conversationId.equals(r.path("conversationId").asText())).toList();
    }

    @FunctionalInterface
    private interface Loss {
        void happen() throws Exception;
    }

    @ParameterizedTest
    @MethodSource("transports")
    void visitorResumingAfterRedisLostItsDataGetsTheNewEpochAndNoSeqIsReused(Transport transport)
            throws Exception {
        chatLosingRedisMidway(transport, RedisDataLossIT::flushRedis);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void visitorAndDeskLearnTheNewEpochAfterRedisRestartedWithoutPersistence(Transport transport)
            throws Exception {
        chatLosingRedisMidway(transport, RedisDataLossIT::restartRedisWithoutPersistence);
    }

    private void chatLosingRedisMidway(Transport transport, Loss loss) throws Exception {
        GatewayNode a = gateway("gw-a");
        ServerNode s = server("srv-1");
        TestAgent agent = deskOn(s);
        TestVisitor v = track(TestVisitor.create(url(a), "demo")).follow(url(a), transport);
        String conv = v.conversationId;
        String firstEpoch = v.epoch();
        assertFalse(firstEpoch.isEmpty(), "the create-session answer carries the epoch");

        assertEquals(200, v.send("v-1", BEFORE.get(0)).status());
        await().atMost(AWAIT).until(() -> agent.messages(conv).size() == 1);
        agent.reply(conv, "a-1", BEFORE.get(1));
        await().atMost(AWAIT).until(() -> v.shownSeqs().size() == 2);
        assertEquals(200, v.send("v-2", BEFORE.get(2)).status());
        await().atMost(AWAIT).until(() -> v.shownSeqs().equals(oneTo(3)) && agent.seqs(conv).equals(oneTo(3)));
        await().atMost(AWAIT).until(() -> cluster.storedSeqs(conv).equals(oneTo(3)));

        loss.happen();

        // the visitor writes again, retrying with the same clientMsgId until it is accepted (503 meanwhile)
        AtomicReference<Http.Reply> ack = new AtomicReference<>();
        await().atMost(AWAIT).until(() -> {
            ack.set(v.send("v-3", "still there?"));
            return ack.get().status() == 200;
        });
        assertEquals(4, ack.get().json().path("seq").asLong(), "the first new message follows PostgreSQL's highest");
        if (transport == Transport.WEBSOCKET) {
            // the gateway let the session go (its socket was closed as after a move): the widget reconnects
            await().atMost(AWAIT).until(() -> v.ws().closed().isDone());
            v.follow(url(a), transport);
        }
        await().atMost(AWAIT).until(() -> v.shownSeqs().equals(oneTo(4)));
        assertEquals(1, v.resets().size(), "one explicit reset: " + v.resets());
        JsonNode reset = v.resets().get(0);
        assertEquals(conv, reset.path("conversationId").asText());
        assertNotEquals(firstEpoch, reset.path("epoch").asText(), "a new epoch");
        assertTrue(reset.path("seq").asLong() >= 3, "the reset names the new log's last seq: " + reset);
        assertEquals(reset.path("epoch").asText(), v.epoch());
        assertEquals(List.of(BEFORE.get(0), BEFORE.get(1), BEFORE.get(2), "still there?"), v.shownTexts());

        // the desk is told too, and shows the conversation again from the restored log, each message once
        await().atMost(AWAIT).until(() -> !resetsOf(agent, conv).isEmpty() && agent.seqs(conv).equals(oneTo(4)));
        // (the desk also shows earlier tests' conversations: the agent tier restores those too, each with a reset)
        assertTrue(resetsOf(agent, conv).stream().allMatch(r -> r.path("epoch").equals(reset.path("epoch"))),
                "the desk was told of one new epoch: " + resetsOf(agent, conv));

        agent.reply(conv, "a-2", "yes, looking into it");
        await().atMost(AWAIT).until(() -> v.shownSeqs().equals(oneTo(5)) && agent.seqs(conv).equals(oneTo(5)));
        await().atMost(AWAIT).until(() -> cluster.storedSeqs(conv).equals(oneTo(5)));
        assertEquals(List.of(BEFORE.get(0), BEFORE.get(1), BEFORE.get(2), "still there?", "yes, looking into it"),
                cluster.storedTexts(conv), "no seq of PostgreSQL was given to a second message");
        assertTrue(agent.ws().frames("error").isEmpty(), "agent errors: " + agent.ws().frames("error"));
    }

    /**
     * Acknowledged messages that had not reached PostgreSQL when Redis lost its data are gone (AOF persistence
     * prevents that): the visitor, who had shown them, is told with a reset, shows exactly what PostgreSQL holds, and
     * the next message takes the seq after PostgreSQL's highest, never one PostgreSQL holds.
     */
    @ParameterizedTest
    @MethodSource("transports")
    void messagesLostBeforeTheyReachedPostgresAreDroppedVisiblyByTheResetNotSilently(Transport transport)
            throws Exception {
        GatewayNode a = gateway("gw-a");
        ServerNode s = server("srv-1");
        TestVisitor v = track(TestVisitor.create(url(a), "demo")).follow(url(a), transport);
        String conv = v.conversationId;
        assertEquals(200, v.send("v-1", "one").status());
        assertEquals(200, v.send("v-2", "two").status());
        await().atMost(AWAIT).until(() -> cluster.storedSeqs(conv).equals(oneTo(2)));
        cluster.kill(s); // the transcript writer stops: what follows is acknowledged but stays in Redis only
        assertEquals(3, v.send("v-3", "three, never stored").json().path("seq").asLong());
        assertEquals(4, v.send("v-4", "four, never stored").json().path("seq").asLong());
        await().atMost(AWAIT).until(() -> v.shownSeqs().equals(oneTo(4)));

        flushRedis();
        server("srv-2");
        AtomicReference<Http.Reply> ack = new AtomicReference<>();
        await().atMost(AWAIT).until(() -> {
            ack.set(v.send("v-5", "after the loss"));
            return ack.get().status() == 200;
        });
        assertEquals(3, ack.get().json().path("seq").asLong(), "the seq after PostgreSQL's highest");
        if (transport == Transport.WEBSOCKET) {
            await().atMost(AWAIT).until(() -> v.ws().closed().isDone());
            v.follow(url(a), transport);
        }
        await().atMost(AWAIT).until(() -> v.resets().size() == 1 && v.shownSeqs().equals(oneTo(3)));
        assertEquals(List.of("one", "two", "after the loss"), v.shownTexts());
        await().atMost(AWAIT).until(() -> cluster.storedSeqs(conv).equals(oneTo(3)));
        assertEquals(List.of("one", "two", "after the loss"), cluster.storedTexts(conv));
    }

    /**
     * Nobody writes after the loss: the agent tier notices on the desk's lease timer that a conversation the desk
     * shows is gone, restores it and resets the desk; the visitor, coming back later, gets the same new epoch.
     */
    @Test
    void aConnectedDeskHasItsLostConversationRestoredBeforeTheVisitorComesBack() throws Exception {
        GatewayNode a = gateway("gw-a");
        ServerNode s = server("srv-1");
        TestAgent agent = deskOn(s);
        TestVisitor v = track(TestVisitor.create(url(a), "demo")).follow(url(a), Transport.LONGPOLL);
        String conv = v.conversationId;
        assertEquals(200, v.send("v-1", "hello").status());
        await().atMost(AWAIT).until(() -> agent.messages(conv).size() == 1);
        agent.reply(conv, "a-1", "hi there");
        await().atMost(AWAIT).until(() -> v.shownSeqs().equals(oneTo(2)));
        await().atMost(AWAIT).until(() -> cluster.storedSeqs(conv).equals(oneTo(2)));
        v.stop();

        flushRedis();

        await().atMost(AWAIT).until(() -> !resetsOf(agent, conv).isEmpty() && agent.seqs(conv).equals(oneTo(2)));
        String epoch = resetsOf(agent, conv).get(0).path("epoch").asText();
        v.follow(url(a), Transport.LONGPOLL);
        await().atMost(AWAIT).until(() -> v.resets().size() == 1 && v.shownSeqs().equals(oneTo(2)));
        assertEquals(epoch, v.epoch(), "one restore, one new epoch for both sides");
        assertEquals(200, v.send("v-2", "back again").status());
        await().atMost(AWAIT).until(() -> agent.seqs(conv).equals(oneTo(3)) && v.shownSeqs().equals(oneTo(3)));
    }

    @Test
    void deskReconnectingAfterRedisLostItsDataGetsTheNewEpochAndTheStoredHistory() throws Exception {
        GatewayNode a = gateway("gw-a");
        ServerNode s = server("srv-1");
        TestAgent agent = deskOn(s);
        TestVisitor v = track(TestVisitor.create(url(a), "demo")).follow(url(a), Transport.WEBSOCKET);
        String conv = v.conversationId;
        assertEquals(200, v.send("v-1", "hello").status());
        await().atMost(AWAIT).until(() -> agent.messages(conv).size() == 1);
        agent.reply(conv, "a-1", "hi there");
        await().atMost(AWAIT).until(() -> agent.seqs(conv).equals(oneTo(2)));
        await().atMost(AWAIT).until(() -> cluster.storedSeqs(conv).equals(oneTo(2)));
        agent.drop();

        flushRedis();
        agent.connect(url(s));

        await().atMost(AWAIT).until(() -> !resetsOf(agent, conv).isEmpty() && agent.seqs(conv).equals(oneTo(2)));
        assertEquals(2, resetsOf(agent, conv).get(0).path("seq").asLong());
        // the restore put the sites back too: a gateway that never saw the demo site takes new visitors at once
        GatewayNode fresh = gateway("gw-fresh");
        assertEquals(201, Http.post(url(fresh) + "/v1/sessions", "{\"siteKey\":\"demo\"}").status());
        agent.reply(conv, "a-2", "are you still there?");
        await().atMost(AWAIT).until(() -> agent.seqs(conv).equals(oneTo(3)));
        await().atMost(AWAIT).until(() -> cluster.storedSeqs(conv).equals(oneTo(3)));
        assertEquals(List.of("hello", "hi there", "are you still there?"), cluster.storedTexts(conv));
    }

    /**
     * A failover to a replica that lacked the latest writes, simulated by winding the conversation back in Redis to
     * seq 1 while PostgreSQL holds 1..3: Redis gives seq 2 a second time. The transcript writer stores that message
     * after PostgreSQL's highest instead of skipping it, the log is put on a new epoch, visitor and desk are reset
     * and show every message once, in acceptance order, and later messages follow PostgreSQL's highest.
     */
    @ParameterizedTest
    @MethodSource("transports")
    void aReplicaPromotedBehindPostgresMakesNoSeqNameTwoMessages(Transport transport) throws Exception {
        GatewayNode a = gateway("gw-a");
        ServerNode s = server("srv-1");
        TestAgent agent = deskOn(s);
        TestVisitor v = track(TestVisitor.create(url(a), "demo")).follow(url(a), transport);
        String conv = v.conversationId;
        String firstEpoch = v.epoch();
        assertEquals(200, v.send("v-1", "one").status());
        await().atMost(AWAIT).until(() -> agent.messages(conv).size() == 1);
        agent.reply(conv, "a-1", "two");
        await().atMost(AWAIT).until(() -> v.shownSeqs().equals(oneTo(2))); // "two" is accepted before "three"
        assertEquals(200, v.send("v-2", "three").status());
        await().atMost(AWAIT).until(() -> v.shownSeqs().equals(oneTo(3)) && agent.seqs(conv).equals(oneTo(3)));
        await().atMost(AWAIT).until(() -> cluster.storedSeqs(conv).equals(oneTo(3)));

        windBack(conv, 1);
        assertEquals(2, v.send("v-3", "four").json().path("seq").asLong(), "the wound-back log gives seq 2 again");

        await().atMost(AWAIT).until(() -> cluster.storedSeqs(conv).equals(oneTo(4)));
        assertEquals(List.of("one", "two", "three", "four"), cluster.storedTexts(conv),
                "the message given a taken seq is stored after PostgreSQL's highest, not skipped");
        if (transport == Transport.WEBSOCKET) {
            await().atMost(AWAIT).until(() -> v.ws().closed().isDone());
            v.follow(url(a), transport);
        }
        await().atMost(AWAIT).until(() -> v.resets().size() == 1 && v.shownSeqs().equals(oneTo(4)));
        assertEquals(List.of("one", "two", "three", "four"), v.shownTexts());
        assertNotEquals(firstEpoch, v.epoch(), "a new epoch");
        await().atMost(AWAIT).until(() -> !resetsOf(agent, conv).isEmpty() && agent.seqs(conv).equals(oneTo(4)));

        assertEquals(5, v.send("v-4", "five").json().path("seq").asLong(), "after PostgreSQL's highest");
        await().atMost(AWAIT).until(() -> cluster.storedSeqs(conv).equals(oneTo(5)));
        await().atMost(AWAIT).until(() -> v.shownSeqs().equals(oneTo(5)) && agent.seqs(conv).equals(oneTo(5)));
        assertTrue(Http.get(url(s) + "/metrics").body().contains("chat_transcript_relocated_total 1.0"),
                "the relocation is counted");
    }

    /** The conversation as a replica that had only its first {@code seq} messages would hold it. */
    private static void windBack(String conv, long seq) {
        RedisKeys keys = new RedisKeys(cluster.config().redisShards());
        try (var redis = cluster.rawRedis()) {
            var r = redis.sync();
            r.hset(keys.conversation(conv), "seq", String.valueOf(seq));
            r.zremrangebyscore(keys.conversationLog(conv), Range.create((double) seq + 1, Double.MAX_VALUE));
            r.hgetall(keys.conversationIds(conv)).forEach((id, idSeq) -> {
                if (Long.parseLong(idSeq) > seq) {
                    r.hdel(keys.conversationIds(conv), id);
                }
            });
        }
    }
}
