package io.livechat.browser;

import io.livechat.testsupport.TestAgent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The visitor's network drops mid-conversation while both sides keep writing, then returns: every message shows
 * exactly once, in seq order, on both sides, and nothing is stored twice. Once with DevTools' "offline" (the
 * browser knows), once with the TCP path cut under it (the browser finds out from reset connections).
 */
class NetworkDropIT extends BrowserTestBase {

    private interface Step {
        void run() throws Exception;
    }

    @Test
    void theBrowserGoesOfflineAndComesBack() throws Exception {
        TestAgent agent = agentWithoutBrowser();
        WidgetPage visitor = visitor();
        dropAndReturn(agent, visitor, "off", () -> visitor.network(false), () -> visitor.network(true));
    }

    @Test
    void theNetworkPathIsCutUnderTheBrowserAndRestored() throws Exception {
        TestAgent agent = agentWithoutBrowser();
        try (TcpRelay relay = new TcpRelay(relayPort, gateway.port())) {
            // the page, the widget and all its traffic go through the relay
            WidgetPage visitor = WidgetPage.open(browser(), "http://127.0.0.1:" + relayPort + "/widget/demo.html", null);
            dropAndReturn(agent, visitor, "cut", relay::down, relay::up);
        }
    }

    @Test
    void aProxyThatSwallowsTheWebSocketDelaysTheFirstMessageLessThanThreeSeconds() throws Exception {
        TestAgent agent = agentWithoutBrowser();
        try (SwallowingProxy proxy = new SwallowingProxy(relayPort, gateway.port())) {
            WidgetPage visitor = WidgetPage.open(browser(), "http://127.0.0.1:" + relayPort + "/widget/demo.html", null);
            visitor.openChat();
            visitor.send("Through the proxy");
            await().atMost(Duration.ofSeconds(3)).until(() -> {
                Object conv = visitor.state().get("conversationId");
                return conv != null && agent.messages((String) conv).size() == 1;
            });
            assertTrue(proxy.swallowed.get() >= 1, "the WebSocket was tried and swallowed");
            String conv = visitor.conversationId();
            agent.reply(conv, "p-1", "Long-polling works");
            visitor.awaitTexts(List.of("Through the proxy", "Long-polling works"));
            assertEquals("longpoll", visitor.state().get("transport"));
        }
    }

    /** Records every text the widget's error line and header status show ({@code __errs}, {@code __st}). */
    private static final String RECORD_NOTICES = "window.__errs = []; window.__st = [];"
            + "var e = root.querySelector('.err'), s = root.querySelector('.hd .st');"
            + "new MutationObserver(function () { if (!e.hidden && e.textContent) __errs.push(e.textContent); })"
            + ".observe(e, { childList: true, characterData: true, subtree: true, attributes: true });"
            + "new MutationObserver(function () { if (s.textContent) __st.push(s.textContent); })"
            + ".observe(s, { childList: true, characterData: true, subtree: true });";

    @Test
    void aOneSecondBlipIsAQuietCountdownAndALongOutageIsSaid() throws Exception {
        agentWithoutBrowser();
        try (TcpRelay relay = new TcpRelay(relayPort, gateway.port())) {
            WidgetPage visitor = WidgetPage.open(browser(), "http://127.0.0.1:" + relayPort + "/widget/demo.html", null);
            visitor.openChat().awaitTransport("websocket");
            visitor.js(RECORD_NOTICES);

            relay.down();
            visitor.wait(AWAIT).until(d -> "connecting".equals(visitor.state().get("transport")));
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                    .until(() -> !"websocket".equals(visitor.state().get("transport")));
            relay.up();
            visitor.wait(AWAIT).until(d -> List.of("websocket", "longpoll").contains(visitor.state().get("transport")));
            assertEquals(List.of(), visitor.js("return __errs;"), "a blip is not an outage");
            @SuppressWarnings("unchecked")
            List<String> shown = (List<String>) visitor.js("return __st;");
            assertTrue(shown.stream().anyMatch(t -> t.matches("Reconnecting in \\d+ s\u2026")), "a countdown: " + shown);
            assertEquals("", visitor.find(".hd .st").getText(), "nothing left in the header once back");

            relay.down();
            visitor.wait(Duration.ofSeconds(40)).until(d -> "Chat is unavailable. Retrying in the background."
                    .equals(visitor.find(".err").getText()));
            relay.up();
            visitor.wait(AWAIT).until(d -> !visitor.find(".err").isDisplayed()
                    && List.of("websocket", "longpoll").contains(visitor.state().get("transport")));
        }
    }

    private void dropAndReturn(TestAgent agent, WidgetPage visitor, String tag, Step drop, Step restore)
            throws Exception {
        visitor.openChat().awaitTransport("websocket");
        visitor.send("Before the drop");
        visitor.awaitTexts(List.of("Before the drop"));
        String conv = visitor.conversationId();
        await().atMost(AWAIT).until(() -> agent.messages(conv).size() == 1);
        agent.reply(conv, tag + "-1", "Agent before the drop");
        visitor.awaitTexts(List.of("Before the drop", "Agent before the drop"));

        drop.run();
        visitor.wait(AWAIT).until(d -> "connecting".equals(visitor.state().get("transport")));
        visitor.send("Visitor while offline 1");
        visitor.send("Visitor while offline 2");
        agent.reply(conv, tag + "-2", "Agent while the visitor is away 1");
        agent.reply(conv, tag + "-3", "Agent while the visitor is away 2");
        await().atMost(AWAIT).until(() -> agent.messages(conv).size() == 4);
        // the drop is real: the agent's replies are stored, the visitor's messages wait in the widget
        assertEquals(List.of("Before the drop", "Agent before the drop"), visitor.confirmedTexts());
        assertEquals(2L, visitor.js("return root.querySelectorAll('.log .m.pending').length;"));
        assertEquals(2, agent.messages(conv).size() - 2);

        restore.run();
        List<String> all = List.of("Before the drop", "Agent before the drop", "Agent while the visitor is away 1",
                "Agent while the visitor is away 2", "Visitor while offline 1", "Visitor while offline 2");
        try {
            visitor.awaitTexts(all);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; widget state " + visitor.state(), e);
        }
        assertEquals(seqs(6), visitor.confirmedSeqs(), "each message once, in seq order");
        assertEquals(0L, visitor.js("return root.querySelectorAll('.log .m.pending,.log .m.sent,.log .m.failed').length;"),
                "no message left pending");
        await().atMost(AWAIT).until(() -> agent.messages(conv).size() == 6);
        List<String> agentSide = new ArrayList<>();
        agent.messages(conv).forEach(m -> agentSide.add(m.path("text").asText()));
        assertEquals(all, agentSide, "the agent sees the same conversation");
        assertEquals(6, agent.rawMessages(conv).size(), "the desk's connection got each message once");

        // and the chat goes on live after the return
        visitor.send("Back again");
        await().atMost(AWAIT).until(() -> agent.messages(conv).size() == 7);
        agent.reply(conv, tag + "-4", "Welcome back");
        List<String> more = new ArrayList<>(all);
        more.add("Back again");
        more.add("Welcome back");
        visitor.awaitTexts(more);
        assertEquals(seqs(8), visitor.confirmedSeqs());
        await().atMost(AWAIT).until(() -> cluster.storedSeqs(conv).equals(seqs(8)));
        assertTrue(List.of("websocket", "longpoll").contains(visitor.state().get("transport")));
    }

    private static List<Long> seqs(int n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }
}
