package io.livechat.server.desk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.config.ChatConfig;
import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.ChatMessage;
import io.livechat.protocol.Json;
import io.livechat.routing.Envelope;
import io.livechat.routing.EventRouter;
import io.livechat.routing.MessageAcceptor;
import io.livechat.routing.NodeBus;
import io.livechat.store.NewMessage;
import io.livechat.store.SeqEvent;
import io.livechat.store.Stores;
import io.livechat.store.VisitorDetails;
import io.livechat.store.VisitorRecord;
import io.livechat.store.memory.MemoryStores;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An agent's desk WebSocket, driven frame by frame through Netty's EmbeddedChannel on an agent server wired as
 * ServerNode wires it, over the in-memory stores, with visitors' messages accepted as a gateway accepts them.
 */
class DeskConnectionTest {

    private static final String NODE = "srv-test";
    private static final String AGENT = "7";
    private static final String AGENT_NAME = "Demo Agent";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Stores stores = MemoryStores.create();
    private final ChatMetrics metrics = new ChatMetrics();
    // every node of this test shares one process: envelopes between them travel on the sender's thread (the
    // test's), so nothing of the desk runs on another thread
    private final Map<String, NodeBus> process = new ConcurrentHashMap<>();
    private final NodeBus bus = new NodeBus(NODE, stores.channels().get(), metrics, process);
    private final DeskHub hub = new DeskHub(NODE, stores.presence(), stores.conversations(), metrics);
    private final AgentService agents = new AgentService(stores.conversations(), stores.presence(),
            new EventRouter(bus, stores.presence()), metrics, ChatConfig.DEFAULT_MAX_MESSAGE_CHARS,
            null); // no restorer: no conversation is lost from the store in these tests (RedisDataLossIT covers it)
    private final ConversationInfo info = new ConversationInfo(stores.conversations(), stores.sessions());
    /** Accepts visitors' messages as a gateway node does, routing their events to the agent's node. */
    private final MessageAcceptor gateway = new MessageAcceptor(stores.conversations(), stores.presence(),
            new EventRouter(new NodeBus("gw-test", stores.channels().get(), metrics, process), stores.presence()),
            metrics);
    private EmbeddedChannel desk;

    @BeforeEach
    void start() {
        hub.bind(bus);
        bus.start(hub);
    }

    @AfterEach
    void stop() {
        if (desk != null) {
            desk.finishAndReleaseAll();
        }
        bus.close();
    }

    /** The agent's desk connects (its WebSocket handshake done); it is online from then on. */
    private EmbeddedChannel connect() {
        desk = new EmbeddedChannel(new DeskConnection(AGENT, AGENT_NAME, hub, agents, info,
                stores.conversations()::range, metrics));
        return desk;
    }

    private void write(String json) {
        desk.writeInbound(new TextWebSocketFrame(json));
    }

    /** A text frame the desk received: as sent, and parsed. */
    private record Frame(String text, JsonNode json) {
        String type() {
            return json.path("type").asText();
        }

        /** "type", or "message:conversation:seq" for a message. */
        String kind() {
            return type().equals("message")
                    ? "message:" + json.path("conversationId").asText() + ":" + json.path("seq").asLong() : type();
        }
    }

    /** The next {@code n} frames the desk receives, then checks that nothing else came. */
    private List<Frame> frames(int n) {
        List<Frame> out = new ArrayList<>();
        await().atMost(WAIT).pollInSameThread().until(() -> {
            desk.runPendingTasks();
            for (Object o; out.size() < n && (o = desk.readOutbound()) != null; ) {
                String text = ((TextWebSocketFrame) o).text();
                ((WebSocketFrame) o).release();
                out.add(new Frame(text, Json.parseObject(text)));
            }
            return out.size() == n;
        });
        desk.runPendingTasks();
        assertNull(desk.readOutbound(), "no frame beyond " + kinds(out));
        return out;
    }

    private Frame frame() {
        return frames(1).get(0);
    }

    private static List<String> kinds(List<Frame> frames) {
        return frames.stream().map(Frame::kind).toList();
    }

    private static Frame ofType(List<Frame> frames, String type) {
        return frames.stream().filter(f -> f.type().equals(type)).findFirst().orElseThrow();
    }

    private static <T> T join(CompletableFuture<T> f) {
        return f.orTimeout(5, TimeUnit.SECONDS).join();
    }

    /** A visitor session with its conversation, as VisitorService creates them. */
    private String newConversation(String conversationId, String visitorName) {
        String sid = "sid-" + conversationId;
        join(stores.conversations().create(conversationId, "demo", sid, System.currentTimeMillis()));
        join(stores.sessions().create(sid, new VisitorRecord(conversationId, "demo",
                new VisitorDetails(visitorName, "", "https://shop.example/cart", "", "test-browser"),
                System.currentTimeMillis())));
        return conversationId;
    }

    /** A visitor's message, accepted (and assigned, and routed) as the gateway does. */
    private long visitorSays(String conversationId, String clientMsgId, String text) {
        return join(gateway.accept(new NewMessage(conversationId, clientMsgId, ChatMessage.FROM_VISITOR,
                "sid-" + conversationId, "Visitor", text, ""))).seq();
    }

    private String logged(String conversationId, long seq) {
        List<SeqEvent> events = join(stores.conversations().range(conversationId, seq - 1, seq));
        return events.get(0).json();
    }

    private ObjectNode described(String conversationId) {
        return join(info.describe(conversationId));
    }

    @Test
    void helloIsAnsweredByAWelcomeListingTheAgentsConversationsThenTheirMessagesAfterEachCursor() {
        join(stores.presence().online(AGENT, NODE)); // the agent's other desk, say: it takes the conversations
        newConversation("conv-a", "Ada");
        newConversation("conv-b", "Bob");
        visitorSays("conv-a", "a-1", "one");
        visitorSays("conv-a", "a-2", "two");
        visitorSays("conv-a", "a-3", "three");
        visitorSays("conv-b", "b-1", "hello");
        connect();
        write("{\"type\":\"hello\",\"cursors\":{\"conv-a\":1}}");

        List<Frame> frames = frames(4);
        JsonNode welcome = frames.get(0).json();
        assertEquals("welcome", welcome.path("type").asText());
        assertEquals(Json.object().put("id", AGENT).put("name", AGENT_NAME), welcome.path("agent"));
        List<String> listed = new ArrayList<>();
        welcome.path("conversations").forEach(c -> listed.add(c.toString()));
        assertEquals(List.of(Json.write(described("conv-a")), Json.write(described("conv-b"))),
                listed.stream().sorted().toList(), "each as the desk shows it");
        assertEquals(3, described("conv-a").path("lastSeq").asLong());
        assertEquals(AGENT, described("conv-a").path("agentId").asText());
        assertEquals("Ada", described("conv-a").path("visitorName").asText());

        List<Frame> messages = frames.subList(1, 4);
        assertEquals(List.of("message:conv-a:2", "message:conv-a:3", "message:conv-b:1"),
                kinds(messages).stream().sorted().toList(), "after the cursor of each, 0 when it has none");
        assertEquals(List.of("message:conv-a:2", "message:conv-a:3"),
                kinds(messages).stream().filter(k -> k.contains("conv-a")).toList(), "in seq order");
        messages.forEach(m -> assertEquals(logged(m.json().path("conversationId").asText(),
                m.json().path("seq").asLong()), m.text(), "as the log has it"));
    }

    @Test
    void aMessageArrivingAfterTheWelcomeIsDeliveredOnce() {
        newConversation("conv-a", "Ada");
        connect();
        write("{\"type\":\"hello\",\"cursors\":{}}");
        assertEquals(List.of("welcome"), kinds(frames(1)));
        visitorSays("conv-a", "a-1", "first"); // assigned to this agent, the only one online
        assertEquals(List.of("assigned", "message:conv-a:1"), kinds(frames(2)));

        visitorSays("conv-a", "a-2", "second");
        visitorSays("conv-a", "a-2", "second"); // the visitor's retry: a duplicate, not routed again
        assertEquals(logged("conv-a", 2), frame().text());
    }

    @Test
    void aConversationAssignedByTheHubsEnvelopeIsAnnouncedBeforeItsMessages() {
        newConversation("conv-q", "Queued");
        // written while nobody was online: it waits in the queue
        join(stores.conversations().accept(new NewMessage("conv-q", "q-1", ChatMessage.FROM_VISITOR, "sid-conv-q",
                "Queued", "anyone?", "")));
        join(stores.conversations().accept(new NewMessage("conv-q", "q-2", ChatMessage.FROM_VISITOR, "sid-conv-q",
                "Queued", "hello?", "")));
        connect();
        write("{\"type\":\"hello\",\"cursors\":{}}");
        assertEquals(List.of("welcome"), kinds(frames(1)));

        join(stores.conversations().setAgent("conv-q", AGENT)); // as the hub's claim or hand-over records it
        bus.send(NODE, new Envelope(Envelope.ASSIGN, Envelope.AGENT, AGENT, "conv-q", 0, 0, "", ""));
        List<Frame> frames = frames(3);
        assertEquals(List.of("assigned", "message:conv-q:1", "message:conv-q:2"), kinds(frames));
        assertEquals("{\"type\":\"assigned\",\"conversation\":" + Json.write(described("conv-q")) + "}",
                frames.get(0).text());
        assertEquals(logged("conv-q", 1), frames.get(1).text());
        assertEquals(logged("conv-q", 2), frames.get(2).text());
    }

    @Test
    void aSendIsAnsweredByAnAck() {
        newConversation("conv-a", "Ada");
        connect();
        write("{\"type\":\"hello\",\"cursors\":{}}");
        frames(1);
        visitorSays("conv-a", "a-1", "hi");
        frames(2);

        write("{\"type\":\"send\",\"conversationId\":\"conv-a\",\"clientMsgId\":\"r-1\",\"text\":\"How can I help?\"}");
        List<Frame> frames = frames(2); // the ack, and the reply itself as the desk's message event
        assertEquals("{\"type\":\"ack\",\"clientMsgId\":\"r-1\",\"seq\":2,\"duplicate\":false,"
                + "\"conversationId\":\"conv-a\"}", ofType(frames, "ack").text());
        Frame reply = ofType(frames, "message");
        assertEquals(logged("conv-a", 2), reply.text());
        assertEquals("agent", reply.json().path("from").asText());
        assertEquals(AGENT, reply.json().path("senderId").asText());
        assertEquals("How can I help?", reply.json().path("text").asText());
    }

    @Test
    void aSendToAConversationNotAssignedToThisAgentIsRefusedWithNotAssigned() {
        join(stores.presence().online("8", "srv-other")); // another agent, on another node, takes it
        newConversation("conv-b", "Bob");
        visitorSays("conv-b", "b-1", "hi");
        assertEquals("8", described("conv-b").path("agentId").asText());
        connect();
        write("{\"type\":\"hello\",\"cursors\":{}}");
        frames(1);

        write("{\"type\":\"send\",\"conversationId\":\"conv-b\",\"clientMsgId\":\"r-1\",\"text\":\"Mine now\"}");
        JsonNode error = frame().json();
        assertEquals("error", error.path("type").asText());
        assertEquals("not_assigned", error.path("code").asText());
        assertTrue(error.path("message").isTextual());
        assertEquals("r-1", error.path("clientMsgId").asText(), "the refused frame's clientMsgId");
        assertEquals(1, described("conv-b").path("lastSeq").asLong(), "nothing accepted");
        assertTrue(desk.isActive(), "the connection stays open");
    }

    @Test
    void aSendToAConversationThatDoesNotExistIsRefusedWithNotFound() {
        connect();
        write("{\"type\":\"hello\",\"cursors\":{}}");
        frames(1);
        write("{\"type\":\"send\",\"conversationId\":\"no-such\",\"clientMsgId\":\"r-1\",\"text\":\"Hi\"}");
        JsonNode error = frame().json();
        assertEquals("not_found", error.path("code").asText(), error.toString());
        assertEquals("r-1", error.path("clientMsgId").asText());
    }

    @Test
    void aFrameWithoutTypeIsAnsweredWithBadRequest() {
        connect();
        write("{\"conversationId\":\"conv-a\"}");
        assertEquals("bad_request", frame().json().path("code").asText());
        assertTrue(desk.isActive());
    }

    @Test
    void typingThatIsNotABooleanIsAnsweredWithBadRequest() {
        connect();
        write("{\"type\":\"typing\",\"conversationId\":\"conv-a\",\"typing\":\"yes\"}");
        assertEquals("bad_request", frame().json().path("code").asText());
    }

    @Test
    void anUnknownFrameTypeIsAnsweredWithUnknownTypeAndTheConnectionStaysOpen() {
        connect();
        write("{\"type\":\"dance\"}");
        JsonNode error = frame().json();
        assertEquals("error", error.path("type").asText());
        assertEquals("unknown_type", error.path("code").asText());
        assertTrue(error.path("message").isTextual());
        assertTrue(desk.isActive());
        write("{\"type\":\"ping\"}");
        assertEquals("{\"type\":\"pong\"}", frame().text());
    }

    @Test
    void aFrameThatIsNotJsonIsAnsweredWithBadJsonAndTheConnectionStaysOpen() {
        connect();
        write("{\"type\":\"send\",");
        assertEquals("bad_json", frame().json().path("code").asText());
        assertTrue(desk.isActive());
    }
}
