package io.livechat.browser;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.testsupport.Http;
import io.livechat.testsupport.TestAgent;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The widget's visitor-side features: tabs sharing a conversation, the pre-chat form, the transcript, the agent. */
class WidgetFeaturesIT extends BrowserTestBase {

    @Test
    void twoTabsOfTheSameVisitorShowTheSameConversation() throws Exception {
        TestAgent agent = agentWithoutBrowser();
        ChromeDriver d = browser();
        WidgetPage a = WidgetPage.open(d, demoPageUrl(), null);
        String tabA = d.getWindowHandle();
        d.switchTo().newWindow(WindowType.TAB);
        WidgetPage b = WidgetPage.open(d, demoPageUrl(), null);
        String tabB = d.getWindowHandle();
        assertNull(b.state().get("sid"), "no conversation yet");

        // tab A starts the conversation while tab B is already open: B takes it over
        d.switchTo().window(tabA);
        a.openChat().awaitTransport("websocket");
        a.send("Written in tab A");
        a.awaitTexts(List.of("Written in tab A"));
        String conv = a.conversationId();
        Object sid = a.state().get("sid");
        d.switchTo().window(tabB);
        b.awaitTexts(List.of("Written in tab A"));
        assertEquals(sid, b.state().get("sid"), "one visitor session for both tabs");

        await().atMost(AWAIT).until(() -> agent.messages(conv).size() == 1);
        agent.reply(conv, "tabs-1", "The agent answers once");
        b.awaitTexts(List.of("Written in tab A", "The agent answers once"));
        b.openChat().awaitTransport("follower"); // tab A holds the one connection for both tabs
        b.send("Written in tab B");
        List<String> all = List.of("Written in tab A", "The agent answers once", "Written in tab B");
        b.awaitTexts(all);
        d.switchTo().window(tabA);
        a.awaitTexts(all);
        assertEquals(List.of(1L, 2L, 3L), a.confirmedSeqs());
        d.switchTo().window(tabB);
        assertEquals(List.of(1L, 2L, 3L), b.confirmedSeqs());
        await().atMost(AWAIT).until(() -> agent.messages(conv).size() == 3);
        assertEquals(3, agent.rawMessages(conv).size(), "each message stored and delivered once");
    }

    /** Records every WebSocket the page opens, in {@code window.__ws}. */
    static final String RECORD_WEBSOCKETS = """
            (function () {
              var W = window.WebSocket; window.__ws = [];
              function R(u, p) { var w = p === undefined ? new W(u) : new W(u, p); window.__ws.push(w); return w; }
              R.prototype = W.prototype; R.CONNECTING = 0; R.OPEN = 1; R.CLOSING = 2; R.CLOSED = 3;
              window.WebSocket = R;
            })();
            """;

    static long openSockets(WidgetPage p) {
        return ((Number) p.js("return (window.__ws || []).filter(function (w) { return w.readyState === 1; }).length;"))
                .longValue();
    }

    static long allSockets(WidgetPage p) {
        return ((Number) p.js("return (window.__ws || []).length;")).longValue();
    }

    /** The gateway's count of open visitor WebSockets, from {@code GET /metrics}. */
    static double visitorWebSockets() {
        String text = Http.get(gatewayUrl() + "/metrics", Map.of()).body();
        return text.lines().filter(l -> l.startsWith("chat_connections{") && l.contains("tier=\"visitor\"")
                        && l.contains("transport=\"websocket\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void onlyTheLeaderTabHoldsAConnectionAndAnotherTabTakesOverWhenItCloses() throws Exception {
        TestAgent agent = agentWithoutBrowser();
        ChromeDriver d = browser();
        WidgetPage a = WidgetPage.open(d, demoPageUrl(), RECORD_WEBSOCKETS);
        String tabA = d.getWindowHandle();
        a.openChat().awaitTransport("websocket");
        a.send("Hello from the leader tab");
        a.awaitTexts(List.of("Hello from the leader tab"));
        String conv = a.conversationId();

        d.switchTo().newWindow(WindowType.TAB);
        WidgetPage b = WidgetPage.open(d, demoPageUrl(), RECORD_WEBSOCKETS);
        String tabB = d.getWindowHandle();
        b.awaitTexts(List.of("Hello from the leader tab"));
        b.openChat().awaitTransport("follower");
        assertEquals(0, allSockets(b), "the follower tab never opens a WebSocket");
        d.switchTo().window(tabA);
        assertEquals(1, openSockets(a), "the leader tab holds one WebSocket");
        await().atMost(AWAIT).until(() -> visitorWebSockets() == 1.0);

        // a message written in the follower goes out through the leader, once, and shows once in both tabs
        d.switchTo().window(tabB);
        b.send("Written in the follower tab");
        List<String> two = List.of("Hello from the leader tab", "Written in the follower tab");
        b.awaitTexts(two);
        await().atMost(AWAIT).until(() -> agent.messages(conv).size() == 2);
        agent.reply(conv, "leader-1", "The agent answers both tabs");
        List<String> three = List.of("Hello from the leader tab", "Written in the follower tab", "The agent answers both tabs");
        b.awaitTexts(three);
        assertEquals(List.of(1L, 2L, 3L), b.confirmedSeqs());
        d.switchTo().window(tabA);
        a.awaitTexts(three);
        assertEquals(List.of(1L, 2L, 3L), a.confirmedSeqs());
        assertEquals(3, agent.rawMessages(conv).size(), "the follower's message stored and delivered once");

        // the leader tab closes: the other tab takes the lock, connects, resumes from its last seq and keeps working
        d.close();
        d.switchTo().window(tabB);
        b.awaitTransport("websocket");
        assertEquals(1, openSockets(b));
        await().atMost(AWAIT).until(() -> visitorWebSockets() == 1.0);
        agent.reply(conv, "leader-2", "Still here after the tab closed");
        b.send("The second tab still works");
        List<String> five = List.of("Hello from the leader tab", "Written in the follower tab", "The agent answers both tabs",
                "Still here after the tab closed", "The second tab still works");
        b.awaitTexts(five);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), b.confirmedSeqs());
        await().atMost(AWAIT).until(() -> agent.rawMessages(conv).size() == 5);
    }

    @Test
    void thePreChatFormAsksTheConfiguredQuestionsFirst() throws Exception {
        TestAgent agent = agentWithoutBrowser();
        WidgetPage visitor = visitor();
        visitor.reembedWith(null, Map.of("data-prechat", "name,email,question"));
        visitor.openChat();
        visitor.wait(AWAIT).until(x -> "pre".equals(visitor.state().get("view")));
        assertTrue(visitor.find("form.off").isDisplayed() && !visitor.find("form.f").isDisplayed());
        assertEquals("Start chat", visitor.find("form.off button[type=submit]").getText());
        assertEquals("Your question", visitor.find("label[for=lc-off-message]").getText());
        visitor.wait(AWAIT).until(x -> "input".equals(String.valueOf(
                visitor.js("return root.activeElement && root.activeElement.tagName.toLowerCase();"))));

        // the listed fields are required: an empty form does not start the chat
        visitor.find("form.off button[type=submit]").click();
        assertEquals("pre", visitor.state().get("view"));
        assertNull(visitor.state().get("sid"));

        visitor.find("form.off input[name=name]").sendKeys("Petra Prechat");
        visitor.find("form.off input[name=email]").sendKeys("petra@example.com");
        visitor.find("form.off textarea[name=message]").sendKeys("Do anvils float?");
        visitor.find("form.off button[type=submit]").click();
        visitor.awaitTexts(List.of("Do anvils float?"));
        assertEquals("chat", visitor.state().get("view"));
        String conv = visitor.conversationId();
        await().atMost(AWAIT).until(() -> agent.messages(conv).size() == 1);
        JsonNode info = conversationInfo(agent, conv);
        assertEquals("Petra Prechat", info.path("visitorName").asText());
        assertEquals("petra@example.com", info.path("visitorEmail").asText());

        // data-prechat="name" asks for the name alone; without data-prechat there is no form at all
        WidgetPage other = visitor();
        other.reembedWith(null, Map.of("data-prechat", "name"));
        other.openChat();
        other.wait(AWAIT).until(x -> "pre".equals(other.state().get("view")));
        assertTrue(other.find("input[name=name]").isDisplayed());
        assertFalse(other.find("input[name=email]").isDisplayed());
        assertFalse(other.find("textarea[name=message]").isDisplayed());
        other.find("input[name=name]").sendKeys("Nico Name");
        other.find("form.off button[type=submit]").click();
        other.wait(AWAIT).until(x -> "chat".equals(other.state().get("view")));
        other.send("Only my name was asked");
        other.awaitTexts(List.of("Only my name was asked"));
        String conv2 = other.conversationId();
        await().atMost(AWAIT).until(() -> agent.messages(conv2).size() == 1);
        assertEquals("Nico Name", conversationInfo(agent, conv2).path("visitorName").asText());
    }

    @Test
    void theVisitorDownloadsTheTranscriptAndSeesTheAgentsNameAndInitials() throws Exception {
        TestAgent agent = agentWithoutBrowser();
        WidgetPage visitor = visitor().openChat().awaitTransport("websocket");
        Path downloads = Files.createTempDirectory("livechat-downloads");
        visitor.driver.executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toString()));
        visitor.send("Where is my order #42?");
        visitor.awaitTexts(List.of("Where is my order #42?"));
        String conv = visitor.conversationId();
        await().atMost(AWAIT).until(() -> agent.messages(conv).size() == 1);
        agent.reply(conv, "dl-1", "It ships today <b>by rocket</b>.");
        visitor.awaitTexts(List.of("Where is my order #42?", "It ships today <b>by rocket</b>."));
        assertEquals("Demo Agent", visitor.find(".log .m.agent .who").getText());
        assertEquals("DA", visitor.find(".log .m.agent .av").getText());

        visitor.find("button.dl").click();
        Path file = await().atMost(AWAIT).until(() -> {
            try (Stream<Path> s = Files.list(downloads)) {
                return s.filter(p -> p.toString().endsWith(".txt")).findFirst().orElse(null);
            }
        }, java.util.Objects::nonNull);
        assertTrue(file.getFileName().toString().startsWith("chat-transcript-"), file.toString());
        String text = Files.readString(file, StandardCharsets.UTF_8).replace("\uFEFF", "");
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        assertEquals("Chat with us", lines.get(0));
        assertTrue(lines.get(1).endsWith("You: Where is my order #42?"), lines.toString());
        assertTrue(lines.get(2).endsWith("Demo Agent: It ships today <b>by rocket</b>."), lines.toString());
        assertEquals(3, lines.size(), lines.toString());
    }

    /** The conversation as the agent server lists it. */
    static JsonNode conversationInfo(TestAgent agent, String conv) {
        Http.Reply r = Http.get(serverUrl() + "/api/conversations", Map.of("Authorization", "Bearer " + agent.token));
        for (JsonNode c : r.json().path("conversations")) {
            if (conv.equals(c.path("conversationId").asText())) {
                return c;
            }
        }
        throw new AssertionError("conversation " + conv + " not listed: " + r);
    }
}
