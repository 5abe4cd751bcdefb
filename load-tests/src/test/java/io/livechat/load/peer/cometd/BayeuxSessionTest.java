package io.livechat.load.peer.cometd;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.DefaultEventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Bayeux client's protocol steps against a scripted wire: what it sends after each reply the server gives. */
class BayeuxSessionTest {

    private final DefaultEventLoopGroup timer = new DefaultEventLoopGroup(1);
    private final ScriptedWire wire = new ScriptedWire();
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final BayeuxSession session = new BayeuxSession(wire, timer, new BayeuxSession.Listener() {
        @Override
        public void onEvent(String channel, JsonNode data) {
            heard.add(channel + " " + data.path("text").asText());
        }

        @Override
        public void onPublishReply(boolean successful) {
            heard.add("reply " + successful);
        }
    });

    @AfterEach
    void stopTimer() {
        timer.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void handshakesThenKeepsExactlyOneConnectOutstanding() {
        CompletableFuture<Void> open = session.open();
        assertTrue(wire.last().contains("\"/meta/handshake\"") && wire.last().contains("[\"long-polling\"]"));

        session.receive("[{\"channel\":\"/meta/handshake\",\"id\":\"1\",\"successful\":true,\"clientId\":\"c1\"}]");
        assertTrue(wire.lastConnect().contains("\"clientId\":\"c1\"") && wire.lastConnect().contains("\"timeout\":0"),
                "the first connect asks for an immediate answer");
        assertFalse(open.isDone(), "open waits for the first connect's answer");

        session.receive("[{\"channel\":\"/meta/connect\",\"id\":\"2\",\"successful\":true,"
                + "\"advice\":{\"reconnect\":\"retry\",\"interval\":0,\"timeout\":20000}}]");
        assertTrue(open.isDone() && !open.isCompletedExceptionally());
        assertEquals(2, wire.connects(), "the next connect leaves once the previous one is answered");
        assertFalse(wire.lastConnect().contains("advice"));
    }

    @Test
    void reconnectHandshakeAdviceHandshakesAgainAndRenewsSubscriptions() {
        upAs("c1");
        CompletableFuture<Void> joined = session.subscribe("/chat/x");
        assertTrue(wire.last().contains("\"subscription\":\"/chat/x\""));
        session.receive("[{\"channel\":\"/meta/subscribe\",\"id\":\"" + lastId() + "\",\"successful\":true}]");
        assertTrue(joined.isDone());

        session.receive("[{\"channel\":\"/meta/connect\",\"successful\":false,\"error\":\"402::unknown_session\","
                + "\"advice\":{\"reconnect\":\"handshake\",\"interval\":0}}]");
        assertTrue(wire.last().contains("\"/meta/handshake\""));
        int connects = wire.connects();
        session.receive("[{\"channel\":\"/meta/handshake\",\"successful\":true,\"clientId\":\"c2\"}]");
        assertEquals(connects + 1, wire.connects());
        assertTrue(wire.last().contains("\"subscription\":\"/chat/x\"") && wire.last().contains("\"clientId\":\"c2\""),
                "the new session subscribes again");
    }

    @Test
    void reconnectNoneStopsTheConnectLoop() {
        upAs("c1");
        int connects = wire.connects();
        session.receive("[{\"channel\":\"/meta/connect\",\"successful\":true,\"advice\":{\"reconnect\":\"none\"}}]");
        assertEquals(connects, wire.connects());
    }

    @Test
    void eventsAndPublishRepliesInOneBatchReachTheListener() {
        upAs("c1");
        session.publish(Bayeux.SEND, Bayeux.chatData("x", "m1", "visitor", "a \"quoted\" text"), () -> heard.add("lost"));
        assertTrue(wire.last().contains("\"text\":\"a \\\"quoted\\\" text\""));
        session.receive("[{\"channel\":\"/chat/x\",\"data\":{\"from\":\"visitor\",\"text\":\"hi\"}},"
                + "{\"channel\":\"/service/chat\",\"id\":\"9\",\"successful\":true},"
                + "{\"channel\":\"/service/chat\",\"id\":\"10\",\"successful\":false,\"error\":\"404::message_deleted\"}]");
        assertEquals(List.of("/chat/x hi", "reply true", "reply false"), heard);
    }

    @Test
    void aBatchTheWireCannotDeliverIsReportedToItsSender() {
        upAs("c1");
        wire.failNext = true;
        session.publish(Bayeux.SEND, "{}", () -> heard.add("lost"));
        assertEquals(List.of("lost"), heard);
    }

    private void upAs(String clientId) {
        session.open();
        session.receive("[{\"channel\":\"/meta/handshake\",\"successful\":true,\"clientId\":\"" + clientId + "\"}]");
        session.receive("[{\"channel\":\"/meta/connect\",\"successful\":true,\"advice\":{\"reconnect\":\"retry\"}}]");
    }

    private String lastId() {
        String b = wire.last();
        int i = b.indexOf("\"id\":\"") + 6;
        return b.substring(i, b.indexOf('"', i));
    }

    /** Records what the session sends; replies are fed by the test through {@link BayeuxSession#receive}. */
    private static final class ScriptedWire implements BayeuxWire {
        final List<String> sent = new ArrayList<>();
        final List<String> connects = new ArrayList<>();
        boolean failNext;

        @Override
        public String connectionType() {
            return Bayeux.LONG_POLLING;
        }

        @Override
        public CompletableFuture<Void> open(BayeuxSession session) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void send(String batch, boolean connect, Runnable onFailure) {
            if (failNext) {
                failNext = false;
                onFailure.run();
                return;
            }
            sent.add(batch);
            if (connect) {
                connects.add(batch);
            }
        }

        @Override
        public void close() {
        }

        String last() {
            return sent.get(sent.size() - 1);
        }

        String lastConnect() {
            return connects.get(connects.size() - 1);
        }

        int connects() {
            return connects.size();
        }
    }
}
