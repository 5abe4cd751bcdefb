package io.livechat.transport;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.config.ChatConfig;
import io.livechat.http.NodeState;
import io.livechat.http.OpsRoutes;
import io.livechat.http.WsTickets;
import io.livechat.http.StaticFiles;
import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.ChatMessage;
import io.livechat.protocol.Json;
import io.livechat.routing.EventRouter;
import io.livechat.routing.NodeBus;
import io.livechat.security.TokenService;
import io.livechat.session.SessionManager;
import io.livechat.store.ConversationState;
import io.livechat.store.NewMessage;
import io.livechat.store.SiteDirectory;
import io.livechat.store.Stores;
import io.livechat.store.memory.ManualClock;
import io.livechat.store.memory.MemoryStores;
import io.livechat.visitor.VisitorService;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The visitor listener's HTTP routes, driven through Netty's EmbeddedChannel on a gateway wired as GatewayNode
 * wires it, over the in-memory stores: status, content type, JSON bodies and cross-origin headers as the widget
 * reads them (docs/PROTOCOL.md).
 */
class VisitorHttpHandlerTest {

    private static final String NODE = "gw-test";
    private static final String SITE = "demo";
    private static final String ORIGIN = "https://shop.example";
    private static final long HOLD_MS = 25_000;
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String JSON = "application/json; charset=utf-8";

    private final ManualClock clock = new ManualClock();
    private final Stores stores = MemoryStores.create(clock, MemoryStores.DEFAULT_HISTORY_CAP,
            MemoryStores.DEFAULT_SESSION_TTL_DAYS, MemoryStores.DEFAULT_LEASE_SECONDS);
    private final ChatMetrics metrics = new ChatMetrics();
    private final TokenService tokens = new TokenService("visitor-http-handler-test-secret", Duration.ofDays(30),
            clock);
    private final NodeState state = new NodeState(NODE, Map.of());
    // the map lets this node's own envelopes (an accepted message's event) reach it on the sender's thread,
    // here the test's, as the one-process mode does: nothing of the gateway runs on another thread
    private final NodeBus bus = new NodeBus(NODE, stores.channels().get(), metrics, new ConcurrentHashMap<>());
    private final SessionManager sessions = new SessionManager(NODE, stores.sessions(), stores.conversations(),
            stores.registry(), metrics, ChatConfig.DEFAULT_SESSION_BUFFER, 60_000);
    private final VisitorService visitors = new VisitorService(ChatConfig.defaults(), stores, sessions,
            new EventRouter(bus, stores.presence()), tokens, state, metrics);
    private final VisitorHttpHandler handler = new VisitorHttpHandler(visitors,
            new LongPollTransport(HOLD_MS, metrics), new WebSocketUpgrade(visitors, ChatConfig.DEFAULT_MAX_BODY_BYTES,
            new WsTickets(stores.tickets(), Duration.ofSeconds(ChatConfig.DEFAULT_WS_TICKET_SECONDS))),
            new OpsRoutes(state, metrics, ""), new StaticFiles(Map.of()));
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private final EmbeddedChannel ch = connection();

    /** An answer, read and released. */
    private record Answer(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            return Json.parseObject(body);
        }
    }

    /** A visitor's session as the create answer gave it. */
    private record Visitor(String sid, String token, String conversationId) {
        String query() {
            return "sid=" + sid + "&token=" + token;
        }
    }

    @BeforeEach
    void start() {
        sessions.bind(bus);
        bus.start(sessions);
        join(stores.sites().publish(new SiteDirectory.Site(SITE, "Demo shop", List.of(ORIGIN))));
    }

    @AfterEach
    void stop() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
        bus.close();
    }

    /** A visitor connection (an HTTP keep-alive connection) into the gateway's one shared handler. */
    private EmbeddedChannel connection() {
        EmbeddedChannel c = new EmbeddedChannel(handler);
        channels.add(c);
        return c;
    }

    /** A request as the widget sends it: a {@code token=} written into {@code uri} goes in the header instead. */
    private static FullHttpRequest request(HttpMethod method, String uri, String body) {
        QueryStringDecoder q = new QueryStringDecoder(uri);
        List<String> token = q.parameters().get("token");
        FullHttpRequest req = rawRequest(method, token == null ? uri : uri.replaceFirst("[&?]token=[^&]*", ""), body);
        if (token != null) {
            req.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token.get(0));
        }
        return req;
    }

    /** A request exactly as written. */
    private static FullHttpRequest rawRequest(HttpMethod method, String uri, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri,
                Unpooled.wrappedBuffer(bytes));
        req.headers().set(HttpHeaderNames.ORIGIN, ORIGIN);
        req.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        req.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return req;
    }

    private Answer call(HttpMethod method, String uri, String body) {
        return call(ch, request(method, uri, body));
    }

    private Answer call(EmbeddedChannel c, FullHttpRequest req) {
        c.writeInbound(req);
        return answer(c);
    }

    /** The next answer on {@code c}, whichever thread completes the work behind it. */
    private static Answer answer(EmbeddedChannel c) {
        FullHttpResponse r = await().atMost(WAIT).pollInSameThread().until(() -> {
            c.runPendingTasks();
            return c.<FullHttpResponse>readOutbound();
        }, Objects::nonNull);
        try {
            return new Answer(r.status().code(), r.headers(), r.content().toString(StandardCharsets.UTF_8));
        } finally {
            r.release();
        }
    }

    private static void noAnswerYet(EmbeddedChannel c) {
        c.runPendingTasks();
        assertNull(c.readOutbound(), "the request is held");
    }

    private static <T> T join(CompletableFuture<T> f) {
        return f.orTimeout(5, TimeUnit.SECONDS).join();
    }

    private Visitor createSession() {
        Answer a = call(HttpMethod.POST, "/v1/sessions", "{\"siteKey\":\"demo\",\"name\":\"Ada\"}");
        assertEquals(201, a.status(), a.body());
        JsonNode n = a.json();
        return new Visitor(n.path("sid").asText(), n.path("token").asText(), n.path("conversationId").asText());
    }

    private Answer send(Visitor v, String clientMsgId, String text) {
        return call(HttpMethod.POST, "/v1/send?" + v.query(),
                Json.write(Json.object().put("clientMsgId", clientMsgId).put("text", text)));
    }

    /** A JSON answer the widget can read from the page's origin. */
    private static void assertJsonForThePage(int status, Answer a) {
        assertEquals(status, a.status(), a.body());
        assertEquals(JSON, a.headers().get(HttpHeaderNames.CONTENT_TYPE));
        assertEquals(a.body().getBytes(StandardCharsets.UTF_8).length,
                a.headers().getInt(HttpHeaderNames.CONTENT_LENGTH));
        // an answer grants the page's origin; an error is readable by any page (generic "*", never reflected)
        assertEquals(status < 400 ? ORIGIN : "*", a.headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN));
        assertEquals("origin", a.headers().get(HttpHeaderNames.VARY).toLowerCase(Locale.ROOT));
    }

    /** The error shape of docs/PROTOCOL.md: {"type":"error","code":…,"message":…}, with the code's status. */
    private static void assertError(int status, String code, Answer a) {
        assertJsonForThePage(status, a);
        JsonNode n = a.json();
        List<String> fields = new ArrayList<>();
        n.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("type", "code", "message"), fields, a.body());
        assertEquals("error", n.path("type").asText());
        assertEquals(code, n.path("code").asText());
        assertTrue(n.path("message").isTextual() && !n.path("message").asText().isEmpty(), a.body());
    }

    /** The epoch of the visitor's conversation log, as the store holds it. */
    private String epochOf(Visitor v) {
        return join(stores.conversations().state(v.conversationId())).epoch();
    }

    @Test
    void creatingASessionAnswers201WithSidTokenConversationAndNode() {
        Answer a = call(HttpMethod.POST, "/v1/sessions", "{\"siteKey\":\"demo\",\"name\":\"Ada\","
                + "\"email\":\"ada@example.com\",\"page\":\"https://shop.example/cart\"}");
        assertJsonForThePage(201, a);
        String id = "[A-Za-z0-9_-]{22}";
        assertTrue(a.body().matches("\\{\"sid\":\"(" + id + ")\","
                + "\"token\":\"v1\\.\\1\\.demo\\.[0-9]+\\.[A-Za-z0-9_-]+\","
                + "\"conversationId\":\"" + id + "\",\"node\":\"gw-test\",\"seq\":0,"
                + "\"epoch\":\"[A-Za-z0-9_-]{8}\"}"), a.body());
        JsonNode n = a.json();
        ConversationState conv = join(stores.conversations().state(n.path("conversationId").asText()));
        assertEquals(n.path("sid").asText(), conv.visitorSid());
        assertEquals(0, conv.lastSeq());
        assertEquals(conv.epoch(), n.path("epoch").asText(), "the answer names the log's epoch");
    }

    @Test
    void aSendIsAcknowledgedWithItsSeq() {
        Visitor v = createSession();
        Answer first = send(v, "c-1", "Hi, I need help");
        assertJsonForThePage(200, first);
        assertEquals("{\"type\":\"ack\",\"clientMsgId\":\"c-1\",\"seq\":1,\"duplicate\":false}", first.body());
        assertEquals("{\"type\":\"ack\",\"clientMsgId\":\"c-2\",\"seq\":2,\"duplicate\":false}",
                send(v, "c-2", "Anyone?").body());
    }

    @Test
    void aRetriedSendWithTheSameClientMsgIdAnswersTheFirstSeqAsADuplicate() {
        Visitor v = createSession();
        send(v, "c-1", "Hello");
        send(v, "c-2", "Are you there?");
        Answer retry = send(v, "c-1", "Hello");
        assertJsonForThePage(200, retry);
        assertEquals("{\"type\":\"ack\",\"clientMsgId\":\"c-1\",\"seq\":1,\"duplicate\":true}", retry.body());
        assertEquals(2, join(stores.conversations().state(v.conversationId())).lastSeq(), "no second message");
    }

    @Test
    void aPollAnswersAtOnceWithTheEventsAfterItsCursor() {
        Visitor v = createSession();
        send(v, "c-1", "one");
        send(v, "c-2", "two");
        send(v, "c-3", "three");
        Answer a = call(HttpMethod.GET, "/v1/poll?" + v.query() + "&after=1", "");
        assertJsonForThePage(200, a);
        var logged = join(stores.conversations().range(v.conversationId(), 1, 3));
        assertEquals("{\"events\":[" + logged.get(0).json() + "," + logged.get(1).json() + "],\"cursor\":3,"
                + "\"epoch\":\"" + epochOf(v) + "\"}", a.body());
        JsonNode second = a.json().path("events").get(0);
        assertEquals("message", second.path("type").asText());
        assertEquals(v.conversationId(), second.path("conversationId").asText());
        assertEquals("c-2", second.path("clientMsgId").asText());
        assertEquals("visitor", second.path("from").asText());
        assertEquals("two", second.path("text").asText());
    }

    @Test
    void aHeldPollIsAnsweredByTheNextMessage() {
        Visitor v = createSession();
        send(v, "c-1", "one");
        ch.writeInbound(request(HttpMethod.GET, "/v1/poll?" + v.query() + "&after=1", ""));
        noAnswerYet(ch);
        EmbeddedChannel other = connection(); // the widget sends on a second connection while its poll is held
        assertEquals(200, call(other, request(HttpMethod.POST, "/v1/send?" + v.query(),
                "{\"clientMsgId\":\"c-2\",\"text\":\"two\"}")).status());
        Answer a = answer(ch);
        assertJsonForThePage(200, a);
        assertEquals("{\"events\":[" + join(stores.conversations().range(v.conversationId(), 1, 2)).get(0).json()
                + "],\"cursor\":2,\"epoch\":\"" + epochOf(v) + "\"}", a.body());
    }

    @Test
    void aHeldPollWithNothingNewAnswersNoEventsAndTheSameCursorWhenTheHoldEnds() {
        Visitor v = createSession();
        send(v, "c-1", "one");
        ch.writeInbound(request(HttpMethod.GET, "/v1/poll?" + v.query() + "&after=1", ""));
        noAnswerYet(ch);
        ch.advanceTimeBy(HOLD_MS, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        Answer a = answer(ch);
        assertJsonForThePage(200, a);
        assertEquals("{\"events\":[],\"cursor\":1,\"epoch\":\"" + epochOf(v) + "\"}", a.body());
    }

    @Test
    void aPollAfterTheLastSeqAnswersCursorAhead() {
        Visitor v = createSession();
        send(v, "c-1", "one");
        assertError(400, "cursor_ahead", call(HttpMethod.GET, "/v1/poll?" + v.query() + "&after=2", ""));
    }

    @Test
    void aWellSignedTokenForASessionTheClusterDoesNotKnowAnswersUnknownSession() {
        String sid = TokenService.newId();
        assertError(404, "unknown_session", call(HttpMethod.GET, "/v1/poll?sid=" + sid + "&token="
                + tokens.issueVisitor(sid, SITE) + "&after=0", ""));
    }

    @Test
    void aForgedTokenAnswersInvalidToken() {
        Visitor v = createSession();
        String forged = v.token().substring(0, v.token().lastIndexOf('.') + 1) + "A".repeat(43);
        assertError(401, "invalid_token", call(HttpMethod.POST, "/v1/send?sid=" + v.sid() + "&token=" + forged,
                "{\"clientMsgId\":\"c-1\",\"text\":\"hi\"}"));
        assertEquals(0, join(stores.conversations().state(v.conversationId())).lastSeq(), "nothing accepted");
    }

    @Test
    void aTokenForAnotherSessionAnswersInvalidToken() {
        Visitor ada = createSession();
        Visitor bob = createSession();
        assertError(401, "invalid_token", call(HttpMethod.GET,
                "/v1/poll?sid=" + ada.sid() + "&token=" + bob.token() + "&after=0", ""));
    }

    @Test
    void aTokenPastItsExpiryAnswersTokenExpired() {
        Visitor v = createSession();
        clock.advance(Duration.ofDays(31));
        assertError(401, "token_expired", call(HttpMethod.GET, "/v1/poll?" + v.query() + "&after=0", ""));
    }

    @Test
    void theTokenIsAlsoReadFromTheAuthorizationHeader() {
        Visitor v = createSession();
        FullHttpRequest req = request(HttpMethod.POST, "/v1/send?sid=" + v.sid(),
                "{\"clientMsgId\":\"c-1\",\"text\":\"hi\"}");
        req.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + v.token());
        assertEquals("{\"type\":\"ack\",\"clientMsgId\":\"c-1\",\"seq\":1,\"duplicate\":false}", call(ch, req).body());
    }

    @Test
    void aTokenInTheUrlIsRefusedWithTokenInUrlEvenBesideTheHeader() {
        Visitor v = createSession();
        FullHttpRequest req = rawRequest(HttpMethod.POST, "/v1/send?sid=" + v.sid() + "&token=" + v.token(),
                "{\"clientMsgId\":\"c-1\",\"text\":\"hi\"}");
        assertError(400, "token_in_url", call(ch, req));
        FullHttpRequest both = rawRequest(HttpMethod.POST, "/v1/send?sid=" + v.sid() + "&token=" + v.token(),
                "{\"clientMsgId\":\"c-1\",\"text\":\"hi\"}");
        both.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + v.token());
        assertError(400, "token_in_url", call(ch, both));
        assertEquals(0, join(stores.conversations().state(v.conversationId())).lastSeq(), "nothing accepted");
    }

    @Test
    void aSendWhoseBodyIsNotJsonAnswersBadJsonAndAcceptsNothing() {
        Visitor v = createSession();
        assertError(400, "bad_json", call(HttpMethod.POST, "/v1/send?" + v.query(), "{\"clientMsgId\":\"c-1\","));
        assertEquals(0, join(stores.conversations().state(v.conversationId())).lastSeq());
    }

    @Test
    void aSessionRequestWhoseBodyIsNotJsonAnswersBadJson() {
        assertError(400, "bad_json", call(HttpMethod.POST, "/v1/sessions", "siteKey=demo"));
    }

    @Test
    void aSendWhoseBodyIsNotValidUtf8AnswersBadJsonAndAcceptsNothing() {
        Visitor v = createSession();
        byte[] body = "{\"clientMsgId\":\"c-1\",\"text\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                "/v1/send?" + v.query(), Unpooled.wrappedBuffer(body));
        req.headers().set(HttpHeaderNames.ORIGIN, ORIGIN);
        assertError(400, "bad_json", call(ch, req));
        assertEquals(0, join(stores.conversations().state(v.conversationId())).lastSeq());
    }

    @Test
    void aBodyThatIsValidJsonButNotAnObjectAnswersBadRequest() {
        Visitor v = createSession();
        assertError(400, "bad_request", call(HttpMethod.POST, "/v1/send?" + v.query(), "[1,2]"));
    }

    @Test
    void typingThatIsNotABooleanAnswersBadRequest() {
        Visitor v = createSession();
        assertError(400, "bad_request", call(HttpMethod.POST, "/v1/typing?" + v.query(), "{\"typing\":\"yes\"}"));
    }

    @Test
    void aSendWithoutAValidClientMsgIdAnswersBadClientMsgId() {
        Visitor v = createSession();
        assertError(400, "bad_client_msg_id", call(HttpMethod.POST, "/v1/send?" + v.query(), "{\"text\":\"hi\"}"));
        assertError(400, "bad_client_msg_id", send(v, "c 1!", "hi"));
    }

    @Test
    void aTextOverTheLimitAnswersMessageTooLarge() {
        Visitor v = createSession();
        assertError(413, "message_too_large", send(v, "c-1", "x".repeat(ChatConfig.DEFAULT_MAX_MESSAGE_CHARS + 1)));
    }

    @Test
    void anUnknownSiteKeyAnswersUnknownSite() {
        assertError(403, "unknown_site", call(HttpMethod.POST, "/v1/sessions", "{\"siteKey\":\"nope\"}"));
    }

    @Test
    void aPageFromAnOriginTheSiteDoesNotAllowIsRefusedAndMayReadWhy() {
        FullHttpRequest req = request(HttpMethod.POST, "/v1/sessions", "{\"siteKey\":\"demo\"}");
        req.headers().set(HttpHeaderNames.ORIGIN, "https://evil.example");
        Answer a = call(ch, req);
        assertEquals(403, a.status());
        assertEquals("*", a.headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN), "generic, not reflected");
        assertEquals("origin_not_allowed", a.json().path("code").asText());
    }

    @Test
    void aDrainingNodeAnswersDrainingToANewSession() {
        state.drain();
        assertError(503, "draining", call(HttpMethod.POST, "/v1/sessions", "{\"siteKey\":\"demo\"}"));
    }

    @Test
    void theWrongMethodAnswersMethodNotAllowed() {
        Visitor v = createSession();
        assertError(405, "method_not_allowed", call(HttpMethod.GET, "/v1/send?" + v.query(), ""));
    }

    @Test
    void anUnknownPathAnswersNotFound() {
        assertError(404, "not_found", call(HttpMethod.GET, "/v1/nothing-here", ""));
    }

    @Test
    void aPreflightAllowsThePagesOriginItsMethodsAndHeaders() {
        FullHttpRequest req = request(HttpMethod.OPTIONS, "/v1/send?sid=x", "");
        req.headers().set(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD, "POST");
        Answer a = call(ch, req);
        assertEquals(204, a.status());
        assertEquals("", a.body());
        assertEquals(ORIGIN, a.headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN));
        assertEquals("GET, POST, OPTIONS", a.headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS));
        assertEquals("Content-Type, Authorization", a.headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS));
    }

    @Test
    void typingAnswers204WithNoBody() {
        Visitor v = createSession();
        Answer a = call(HttpMethod.POST, "/v1/typing?" + v.query(), "{\"typing\":true}");
        assertEquals(204, a.status());
        assertEquals("", a.body());
        assertEquals(ORIGIN, a.headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN));
    }

    @Test
    void aSendToAClosedConversationReopensItAndItIsAssignedAfresh() {
        join(stores.presence().online("7", "srv-1"));
        Visitor v = createSession();
        send(v, "c-1", "Hello");
        assertEquals("7", join(stores.conversations().state(v.conversationId())).agentId());
        // the agent closes it, as AgentService.close does
        join(stores.conversations().accept(new NewMessage(v.conversationId(), "closed-1", ChatMessage.FROM_SYSTEM,
                "7", "Demo Agent", "The conversation was closed.", "7", "closed")));
        join(stores.conversations().close(v.conversationId(), "7"));
        join(stores.presence().release("7", v.conversationId()));
        assertEquals("closed", join(stores.conversations().state(v.conversationId())).status());

        Answer a = send(v, "c-2", "One more thing");
        assertJsonForThePage(200, a);
        assertEquals("{\"type\":\"ack\",\"clientMsgId\":\"c-2\",\"seq\":3,\"duplicate\":false}", a.body());
        ConversationState conv = join(stores.conversations().state(v.conversationId()));
        assertEquals("open", conv.status());
        assertEquals("7", conv.agentId());
        assertEquals(List.of(v.conversationId()), join(stores.presence().conversations("7")));
    }
}
