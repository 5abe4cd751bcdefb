package io.livechat.browser;

import com.sun.net.httpserver.HttpServer;
import io.livechat.testsupport.Http;
import io.livechat.testsupport.TestAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The widget embedded in a customer's page on another origin than the gateway: a page served by a small HTTP
 * server on {@code http://127.0.0.2:hostPort} (which the demo site allows) loads
 * {@code http://localhost:<gateway>/widget/widget.js}; the same page from {@code http://127.0.0.3} (not allowed)
 * is refused on both transports.
 */
class CrossOriginIT extends BrowserTestBase {

    static HttpServer allowedHost;
    static HttpServer refusedHost;

    @BeforeAll
    static void startHostPages() throws IOException {
        allowedHost = hostPage("127.0.0.2", hostPort);
        refusedHost = hostPage("127.0.0.3", 0);
    }

    @AfterAll
    static void stopHostPages() {
        for (HttpServer s : new HttpServer[] {allowedHost, refusedHost}) {
            if (s != null) {
                s.stop(0);
            }
        }
    }

    /** A shop page that embeds the widget from the gateway with one tag; {@code ?transport=longpoll} is passed on. */
    static HttpServer hostPage(String ip, int port) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(ip, port), 0);
        s.createContext("/", ex -> {
            String q = ex.getRequestURI().getQuery();
            String transport = q != null && q.contains("transport=longpoll") ? " data-transport=\"longpoll\"" : "";
            byte[] page = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Partner shop</title>"
                    + "</head><body><main><h1>A partner's shop</h1><p>Served from another origin than the chat.</p></main>"
                    + "<script async src=\"" + widgetScript() + "\" data-site-key=\"demo\"" + transport + "></script>"
                    + "</body></html>").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, page.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(page);
            }
        });
        s.start();
        return s;
    }

    static String gatewayByName() {
        return "http://localhost:" + gateway.port();
    }

    static String widgetScript() {
        return gatewayByName() + "/widget/widget.js";
    }

    static String pageOn(HttpServer s, String query) {
        return "http://" + s.getAddress().getAddress().getHostAddress() + ":" + s.getAddress().getPort() + "/" + query;
    }

    /**
     * Installed before the page's scripts: records what the widget's fetches and WebSockets to the gateway came to
     * ({@code window.__net}: {@code [kind, url, outcome]}). The gateway lets the page read its 403 refusals, so a
     * refusal shows here as "403" (or "failed" where the browser hides it); the gateway's count of refusals says why.
     */
    static final String RECORD_NETWORK = """
            (function () {
              var net = window.__net = [], F = window.fetch, W = window.WebSocket;
              window.fetch = function (u, o) {
                var e = ['fetch ' + ((o && o.method) || 'GET'), String(u), 'pending']; net.push(e);
                return F.apply(this, arguments).then(function (r) { e[2] = String(r.status); return r; },
                  function (x) { e[2] = 'failed'; throw x; });
              };
              window.WebSocket = function (u, p) {
                var ws = p === undefined ? new W(u) : new W(u, p), e = ['ws', String(u), 'pending']; net.push(e);
                ws.addEventListener('open', function () { e[2] = 'open'; });
                ws.addEventListener('close', function (c) { if (e[2] !== 'open') e[2] = 'refused ' + c.code; });
                return ws;
              };
              window.WebSocket.prototype = W.prototype;
              ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].forEach(function (k) { window.WebSocket[k] = W[k]; });
            })();
            """;

    @Test
    void aPageOnAnAllowedOtherOriginChatsOverWebSocket() throws Exception {
        chatFromTheAllowedPage("websocket", "");
    }

    @Test
    void aPageOnAnAllowedOtherOriginChatsOverLongPolling() throws Exception {
        // A poll's answer must carry Access-Control-Allow-Origin like every other answer, or the page cannot read it.
        Http.Reply made = Http.post(gatewayUrl() + "/v1/sessions", "{\"siteKey\":\"demo\"}");
        java.net.http.HttpResponse<String> poll = Http.CLIENT.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(gatewayUrl() + "/v1/poll?sid=" + made.json().path("sid").asText()
                                + "&after=0"))
                        .header("Authorization", "Bearer " + made.json().path("token").asText())
                        .header("Origin", "http://127.0.0.2:" + hostPort).timeout(AWAIT).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals("http://127.0.0.2:" + hostPort, poll.headers().firstValue("Access-Control-Allow-Origin")
                .orElse(null), "a long-poll answer names the page's origin, or the page cannot read it");
        chatFromTheAllowedPage("longpoll", "?transport=longpoll");
    }

    private void chatFromTheAllowedPage(String transport, String query) throws Exception {
        TestAgent agent = agentWithoutBrowser();
        WidgetPage visitor = WidgetPage.open(browser(), pageOn(allowedHost, query), RECORD_NETWORK);
        assertEquals("http://127.0.0.2:" + hostPort, visitor.driver.executeScript("return location.origin;"));
        visitor.openChat().awaitTransport(transport);
        visitor.send("Hello from a partner page over " + transport);
        visitor.awaitTexts(List.of("Hello from a partner page over " + transport));
        String conv = visitor.conversationId();
        await().atMost(AWAIT).until(() -> agent.messages(conv).size() == 1);
        agent.reply(conv, "xo-" + transport, "Answer over " + transport);
        visitor.awaitTexts(List.of("Hello from a partner page over " + transport, "Answer over " + transport));
        assertEquals(transport, visitor.state().get("transport"));
        assertTrue(visitor.find(".err").getAttribute("hidden") != null, "no error shown");
        // what a balancer's access log would keep: every URL the widget used, none with the token in it
        @SuppressWarnings("unchecked")
        List<String> urls = (List<String>) visitor.driver.executeScript(
                "return (window.__net || []).map(function (e) { return e[1]; });");
        assertTrue(urls.stream().anyMatch(u -> u.contains("/v1/" + ("websocket".equals(transport) ? "ws?" : "poll?"))),
                "the recorder saw the widget's traffic: " + urls);
        assertTrue(urls.stream().noneMatch(u -> u.contains("token") || u.contains("v1.")), "no token in a URL: " + urls);
    }

    @Test
    void aPageOnAnOriginTheSiteDoesNotAllowIsRefusedOnBothTransports() throws Exception {
        long refusedBefore = originRefusals();
        WidgetPage visitor = WidgetPage.open(browser(), pageOn(refusedHost, ""), RECORD_NETWORK);
        visitor.find(".launch").click();
        // the widget tells the visitor, and no session exists
        visitor.wait(AWAIT).until(x -> !visitor.find(".err").getText().isEmpty());
        assertTrue(List.of("This site is not allowed to use the chat.", "Chat is unavailable. Retrying in the background.")
                .contains(visitor.find(".err").getText()), visitor.find(".err").getText());
        assertNull(visitor.state().get("sid"));
        List<String> sessions = outcomes(visitor, "fetch POST", "/v1/sessions");
        assertFalse(sessions.isEmpty(), "the widget asked for a session");
        assertTrue(sessions.stream().noneMatch(o -> o.startsWith("2")), "no session was created: " + sessions);
        assertTrue(originRefusals() - refusedBefore >= sessions.stream().filter(o -> !o.equals("pending")).count(),
                "the gateway refused them for their origin");

        // a valid session (made without a browser) used from this page: refused on the WebSocket and on long-polling
        Http.Reply made = Http.post(gatewayUrl() + "/v1/sessions", "{\"siteKey\":\"demo\"}");
        assertEquals(201, made.status(), made.toString());
        String sid = made.json().path("sid").asText();
        String token = made.json().path("token").asText();
        visitor.driver.executeScript("localStorage.setItem(arguments[0], JSON.stringify({sid: arguments[1],"
                + " token: arguments[2], conversationId: arguments[3], lastSeq: 0}));", "livechat:demo@" + gatewayByName(),
                sid, token, made.json().path("conversationId").asText());
        long beforeResume = originRefusals();
        visitor.reload(); // the widget resumes the stored session at once: a WebSocket ticket first, else long-polling
        visitor.wait(AWAIT).until(x -> !outcomes(visitor, "fetch POST", "/v1/ws-ticket").isEmpty()
                && outcomes(visitor, "fetch POST", "/v1/ws-ticket").stream().noneMatch("pending"::equals));
        List<String> tickets = outcomes(visitor, "fetch POST", "/v1/ws-ticket");
        List<String> polls = outcomes(visitor, "fetch GET", "/v1/poll");
        // refused: the page either cannot read the answer or reads the 403 itself (the gateway allows reading it)
        assertTrue(tickets.stream().allMatch(o -> o.equals("failed") || o.equals("403")), "tickets: " + tickets);
        assertTrue(polls.stream().allMatch(o -> o.equals("failed") || o.equals("403")), "long-polls: " + polls);
        assertEquals(List.of(), outcomes(visitor, "ws", "/v1/ws"), "no WebSocket opened without a ticket");
        assertTrue(originRefusals() - beforeResume >= tickets.size() + polls.size(), "all refused for their origin");
        visitor.openChat(); // the panel was closed by the reload
        visitor.wait(AWAIT).until(x -> !visitor.find(".err").getText().isEmpty());

        // the refusal is the origin's: the same session works from an allowed origin and is refused from this one
        String poll = gatewayUrl() + "/v1/poll?sid=" + sid + "&after=0";
        Http.Reply refused = Http.get(poll, Map.of("Origin", pageOn(refusedHost, "").replaceAll("/$", ""),
                "Authorization", "Bearer " + token));
        assertEquals(403, refused.status(), refused.toString());
        assertEquals("origin_not_allowed", refused.json().path("code").asText());
        Http.Reply allowed = Http.get(poll, Map.of("Origin", "http://127.0.0.2:" + hostPort,
                "Authorization", "Bearer " + token));
        assertEquals(200, allowed.status(), allowed.toString());
        assertEquals(0, allowed.json().path("events").size(), "nothing was sent from the refused page");
    }

    @Test
    void aRefusedSiteShowsOneCalmStateWithNothingPretendingToWork() throws Exception {
        WidgetPage visitor = WidgetPage.open(browser(), pageOn(refusedHost, ""), null);
        // a message written before the refusal arrives (the site's own button, or a quick visitor)
        visitor.driver.executeScript("window.LiveChatWidget.send('Is anyone there?');");
        visitor.openChat();
        visitor.wait(AWAIT).until(x -> "This site is not allowed to use the chat.".equals(visitor.find(".err").getText()));
        // and it stays so: no "Connecting…" in the header, no bubble "Sending…", no composer taking input
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8)).until(() -> calm(visitor));
        assertEquals(List.of("Not sent"), visitor.js("return Array.from(root.querySelectorAll('.log .m.visitor > .s'))"
                + ".map(function (s) { return s.textContent; });"));
        visitor.reload();
        visitor.openChat();
        visitor.wait(AWAIT).until(x -> "This site is not allowed to use the chat.".equals(visitor.find(".err").getText()));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(6)).until(() -> calm(visitor));
    }

    /** The header says nothing is under way, no bubble is sending, the composer and rating are gone. */
    private static boolean calm(WidgetPage visitor) {
        return Boolean.TRUE.equals(visitor.js("var p = root.querySelector('.panel');"
                + " return root.querySelector('.hd .st').textContent === ''"
                + " && p.textContent.indexOf('\u2026') < 0"
                + " && root.querySelector('form.f').hidden && root.querySelector('form.rate').hidden"
                + " && !root.querySelector('.m.pending');"));
    }

    /** Outcomes ("failed", "pending", an HTTP status, "open", "refused CODE") of the recorded requests of a kind. */
    @SuppressWarnings("unchecked")
    static List<String> outcomes(WidgetPage page, String kind, String path) {
        return (List<String>) page.driver.executeScript("var k = arguments[0], p = arguments[1];"
                + " return (window.__net || []).filter(function (e) { return e[0] === k && e[1].indexOf(p) >= 0; })"
                + ".map(function (e) { return e[2]; });", kind, path);
    }

    /** The gateway's count of requests refused with origin_not_allowed. */
    static long originRefusals() {
        String metrics = Http.get(gatewayUrl() + "/metrics").body();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?m)^chat_bad_input_total\\{[^}]*code=\"origin_not_allowed\"[^}]*} ([0-9.eE+]+)$").matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    static boolean consoleMentions(WidgetPage page, String... parts) {
        for (LogEntry e : page.driver.manage().logs().get(LogType.BROWSER)) {
            if (java.util.Arrays.stream(parts).allMatch(e.getMessage()::contains)) {
                return true;
            }
        }
        return false;
    }
}
