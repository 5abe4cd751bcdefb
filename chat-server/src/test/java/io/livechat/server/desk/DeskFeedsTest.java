package io.livechat.server.desk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.delivery.FakeLog;
import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.Frames;
import io.livechat.protocol.Json;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A desk's delivery on its WebSocket, driven through Netty's EmbeddedChannel with a fake log. */
class DeskFeedsTest {

    /** Stands for the desk handler: passes writability changes on as DeskConnection does. */
    private final class Desk extends ChannelInboundHandlerAdapter {
        @Override
        public void channelWritabilityChanged(ChannelHandlerContext c) {
            feeds.writable();
        }
    }

    private final EmbeddedChannel ch = new EmbeddedChannel(new Desk());
    private final FakeLog log = new FakeLog();
    private final Map<String, CompletableFuture<ObjectNode>> described = new HashMap<>();
    private final DeskFeeds feeds = new DeskFeeds(ch.pipeline().firstContext(), log,
            id -> described.computeIfAbsent(id, k -> new CompletableFuture<>()), new ChatMetrics());

    private static ObjectNode conversation(String id, long lastSeq) {
        return Json.object().put("conversationId", id).put("lastSeq", lastSeq);
    }

    private void welcome(List<ObjectNode> listed, String cursors) {
        ObjectNode w = Json.object().put("type", "welcome");
        listed.forEach(w.putArray("conversations")::add);
        feeds.welcome(w, listed, Json.parseObject(cursors), Json.object());
    }

    /** The frames written since the last call, each as "type" or "message:seq". */
    private List<String> written() {
        ch.runPendingTasks();
        List<String> out = new ArrayList<>();
        for (TextWebSocketFrame f; (f = ch.readOutbound()) != null; ) {
            JsonNode n = Json.parseObject(f.text());
            String type = n.path("type").asText();
            out.add(type.equals("message") ? "message:" + n.path("seq").asLong() : type);
            f.release();
        }
        return out;
    }

    private void event(long seq) {
        feeds.event("c", seq, log.add(seq).json());
    }

    @Test
    void aConversationAssignedAfterTheWelcomeIsAnnouncedBeforeItsMessages() {
        welcome(List.of(), "{}");
        assertEquals(List.of("welcome"), written());
        event(1);
        event(2);
        assertEquals(List.of(), written(), "nothing of it before its assigned frame");
        described.get("c").complete(conversation("c", 2));
        assertEquals(List.of("assigned", "message:1", "message:2"), written());
        event(3);
        assertEquals(List.of("message:3"), written());
    }

    @Test
    void eventsArrivingDuringTheHelloAreKeptAndTheConversationIsAnnouncedAfterTheWelcome() {
        event(1); // assigned after the hello read the member list, before the welcome went out
        event(2);
        assertEquals(List.of(), written());
        welcome(List.of(), "{}");
        described.get("c").complete(conversation("c", 2));
        assertEquals(List.of("welcome", "assigned", "message:1", "message:2"), written());
    }

    @Test
    void anAssignmentWithoutAnEventIsAnnouncedAndItsMessagesReadFromTheLog() {
        welcome(List.of(), "{}");
        written();
        log.addAll(1, 3);
        feeds.assigned("c");
        described.get("c").complete(conversation("c", 3));
        assertEquals(List.of("assigned"), written());
        log.answerAll();
        assertEquals(List.of("message:1", "message:2", "message:3"), written());
    }

    @Test
    void aListedConversationIsDeliveredAfterTheDesksCursorEachMessageOnce() {
        log.addAll(1, 5);
        event(5); // arrived while the hello was in progress
        welcome(List.of(conversation("c", 5)), "{\"c\":2}");
        assertEquals(List.of("welcome"), written());
        assertEquals(2, log.reads().get(0).after());
        log.answerAll();
        assertEquals(List.of("message:3", "message:4", "message:5"), written());
        event(6);
        feeds.event("c", 5, log.get(5).json());
        feeds.event("c", 6, log.get(6).json());
        assertEquals(List.of("message:6"), written());
    }

    @Test
    void aGapIsFilledFromTheLogBeforeLaterMessages() {
        welcome(List.of(conversation("c", 1)), "{\"c\":1}");
        written();
        event(2);
        log.add(3); // lost by pub/sub
        event(4);
        assertEquals(List.of("message:2"), written());
        log.answerAll();
        assertEquals(List.of("message:3", "message:4"), written());
    }

    @Test
    void aDeskThatIsNotWritableGetsNothingUntilItIsWritableAgain() {
        welcome(List.of(conversation("c", 0)), "{}");
        written();
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        event(1);
        event(2);
        assertEquals(List.of(), written());
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        assertEquals(List.of("message:1", "message:2"), written());
    }

    private static ObjectNode conversation(String id, long lastSeq, String epoch) {
        return conversation(id, lastSeq).put("epoch", epoch);
    }

    @Test
    void aResetStartsTheConversationAgainFromTheRestoredLogOnceAndAnEchoOfItChangesNothing() {
        log.addAll(1, 2);
        welcome(List.of(conversation("c", 2, "epoch-01")), "{}");
        log.answerAll();
        assertEquals(List.of("welcome", "message:1", "message:2"), written());
        feeds.reset("c", Frames.reset("c", "epoch-02", 2));
        log.answerAll();
        assertEquals(List.of("reset", "message:1", "message:2"), written());
        feeds.reset("c", Frames.reset("c", "epoch-02", 2)); // told twice: by the envelope and by its own check
        log.answerAll();
        assertEquals(List.of(), written());
        assertEquals(java.util.Map.of("c", "epoch-02"), feeds.epochs());
        event(3);
        assertEquals(List.of("message:3"), written());
    }

    @Test
    void aDeskResumingFromALostLogGetsAResetAfterTheWelcomeThenTheRestoredLogFromItsStart() {
        log.addAll(1, 2);
        ObjectNode w = Json.object().put("type", "welcome");
        feeds.welcome(w, List.of(conversation("c", 2, "epoch-02")), Json.parseObject("{\"c\":5}"),
                Json.parseObject("{\"c\":\"epoch-01\"}"));
        log.answerAll();
        assertEquals(List.of("welcome", "reset", "message:1", "message:2"), written());
    }
}
