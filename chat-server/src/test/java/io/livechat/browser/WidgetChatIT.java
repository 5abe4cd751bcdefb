package io.livechat.browser;

import io.livechat.testsupport.TestAgent;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

import java.nio.file.Files;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The visitor widget and the agent desk in real headless Chromium, against a real gateway and agent server. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WidgetChatIT extends BrowserTestBase {

    /** First, so that the desk's screenshot shows this conversation alone. */
    @Test
    @Order(1)
    void visitorAndAgentChatBothWaysInTheirOwnBrowsers() throws Exception {
        DeskPage desk = desk();
        WidgetPage visitor = visitor().openChat().awaitTransport("websocket");
        assertEquals("chat", visitor.state().get("view"), "an agent is online: live chat, not the offline form");

        visitor.send("Hi, my rocket skates are too fast.");
        visitor.awaitTexts(List.of("Hi, my rocket skates are too fast."));
        String conv = visitor.conversationId();

        desk.select(conv).awaitTexts(List.of("Hi, my rocket skates are too fast."));
        desk.reply("Sorry to hear that! The speed guide is at https://example.com/skates/speed.");
        List<String> both = List.of("Hi, my rocket skates are too fast.",
                "Sorry to hear that! The speed guide is at https://example.com/skates/speed.");
        visitor.awaitTexts(both);
        desk.awaitTexts(both);

        // the agent's name is shown and the link is clickable, safely
        assertEquals("Demo Agent", visitor.find(".log .m.agent .who").getText());
        WebElement link = visitor.find(".log .m.agent a");
        assertEquals("https://example.com/skates/speed", link.getAttribute("href"));
        assertEquals("noopener noreferrer", link.getAttribute("rel"));
        assertEquals("_blank", link.getAttribute("target"));

        visitor.send("Thanks, reading it now.");
        List<String> three = List.of(both.get(0), both.get(1), "Thanks, reading it now.");
        visitor.awaitTexts(three);
        desk.awaitTexts(three);
        assertEquals(List.of(1L, 2L, 3L), visitor.confirmedSeqs());

        Files.write(screenshotDir().resolve("widget.png"), visitor.driver.getScreenshotAs(OutputType.BYTES));
        Files.write(screenshotDir().resolve("desk.png"), desk.driver.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void withWebSocketBlockedTheWidgetFallsBackToLongPolling() throws Exception {
        TestAgent agent = agentWithoutBrowser();
        WidgetPage visitor = visitorWithoutWebSocket().openChat();
        visitor.send("Hello through a strict proxy");
        visitor.awaitTransport("longpoll");
        visitor.awaitTexts(List.of("Hello through a strict proxy"));
        String conv = visitor.conversationId();
        assertTrue(((Number) visitor.driver.executeScript("return window.__wsAttempts;")).intValue() >= 1,
                "the widget tried WebSocket first");

        await().atMost(AWAIT).until(() -> agent.messages(conv).size() == 1);
        agent.reply(conv, "lp-1", "Hello over long-polling");
        visitor.awaitTexts(List.of("Hello through a strict proxy", "Hello over long-polling"));
        visitor.send("Still works both ways");
        visitor.awaitTexts(List.of("Hello through a strict proxy", "Hello over long-polling", "Still works both ways"));
        await().atMost(AWAIT).until(() -> agent.messages(conv).size() == 3);
        assertEquals("Still works both ways", agent.messages(conv).get(2).path("text").asText());
        assertEquals("longpoll", visitor.state().get("transport"));
    }

    @Test
    void reloadKeepsTheConversationAndItsHistory() throws Exception {
        TestAgent agent = agentWithoutBrowser();
        WidgetPage visitor = visitor().openChat().awaitTransport("websocket");
        visitor.send("Before the reload");
        visitor.awaitTexts(List.of("Before the reload"));
        String conv = visitor.conversationId();
        Object sid = visitor.state().get("sid");
        await().atMost(AWAIT).until(() -> agent.messages(conv).size() == 1);
        agent.reply(conv, "r-1", "Agent answer before the reload");
        visitor.awaitTexts(List.of("Before the reload", "Agent answer before the reload"));

        visitor.reload();
        assertEquals(sid, visitor.state().get("sid"), "same session after the reload");
        assertEquals(conv, visitor.state().get("conversationId"));
        visitor.openChat().awaitTransport("websocket");
        visitor.awaitTexts(List.of("Before the reload", "Agent answer before the reload"));

        agent.reply(conv, "r-2", "Agent answer after the reload");
        visitor.send("After the reload");
        await().atMost(AWAIT).until(() -> visitor.confirmedSeqs().size() == 4);
        assertEquals(List.of(1L, 2L, 3L, 4L), visitor.confirmedSeqs(), "each message once, in order");
        assertTrue(visitor.confirmedTexts().containsAll(List.of("Agent answer after the reload", "After the reload")));
        await().atMost(AWAIT).until(() -> agent.messages(conv).size() == 4);
    }

    @Test
    void scriptImageAndJavascriptPayloadsStayInertTextOnBothPages() throws Exception {
        List<String> visitorPayloads = List.of(
                "<script>window.__xss='visitor-script';document.title='pwned'</script>",
                "<img src=x onerror=\"window.__xss='visitor-img';document.title='pwned'\">",
                "javascript:window.__xss='visitor-js';document.title='pwned'",
                "<a href=\"javascript:window.__xss='visitor-a'\">click me</a> \"><svg onload=window.__xss=1>");
        List<String> agentPayloads = List.of(
                "<script>window.__xss='agent-script';document.title='pwned'</script>",
                "<img src=x onerror=\"window.__xss='agent-img';document.title='pwned'\">",
                "javascript:window.__xss='agent-js' and [click](javascript:alert(1))",
                "<iframe src=\"javascript:parent.__xss='agent-iframe'\"></iframe> https://example.com/ok?a=1&b=2");
        DeskPage desk = desk();
        WidgetPage visitor = visitor().openChat().awaitTransport("websocket");
        String pageTitle = visitor.driver.getTitle();
        String deskTitle = desk.driver.getTitle();

        visitor.send(visitorPayloads.get(0));
        visitor.awaitTexts(visitorPayloads.subList(0, 1));
        desk.select(visitor.conversationId());
        for (String p : visitorPayloads.subList(1, visitorPayloads.size())) {
            visitor.send(p);
        }
        desk.awaitTexts(visitorPayloads);
        for (String p : agentPayloads) {
            desk.reply(p);
        }
        List<String> all = new java.util.ArrayList<>(visitorPayloads);
        all.addAll(agentPayloads);
        visitor.awaitTexts(all);
        desk.awaitTexts(all);

        for (var page : List.of(visitor.driver, desk.driver)) {
            assertNull(page.executeScript("return window.__xss === undefined ? null : String(window.__xss);"),
                    "a payload ran in " + page.getCurrentUrl());
        }
        assertEquals(pageTitle, visitor.driver.getTitle());
        assertFalse(desk.driver.getTitle().contains("pwned"), deskTitle + " became " + desk.driver.getTitle());
        // nothing but text and http(s) links inside the messages
        assertEquals(0L, visitor.js("return root.querySelectorAll('.log .m :not(span):not(a)').length;"));
        assertEquals(0L, desk.driver.executeScript(
                "return document.querySelectorAll('#transcript .msg :not(span):not(a)').length;"));
        @SuppressWarnings("unchecked")
        List<String> widgetHrefs = (List<String>) visitor.js(
                "return Array.from(root.querySelectorAll('.log a')).map(function (a) { return a.href; });");
        @SuppressWarnings("unchecked")
        List<String> deskHrefs = (List<String>) desk.driver.executeScript(
                "return Array.from(document.querySelectorAll('#transcript a')).map(function (a) { return a.href; });");
        assertEquals(List.of("https://example.com/ok?a=1&b=2"), widgetHrefs);
        assertEquals(List.of("https://example.com/ok?a=1&b=2"), deskHrefs);
    }

    @Test
    void theWidgetWorksWithTheKeyboardAlone() throws Exception {
        TestAgent agent = agentWithoutBrowser();
        WidgetPage visitor = visitor();
        // Tab from the top of the page until the launcher has the focus
        for (int i = 0; i < 20 && !"button.launch".equals(visitor.focusedInWidget()); i++) {
            visitor.press(Keys.TAB);
        }
        assertEquals("button.launch", visitor.focusedInWidget(), "the launcher is reachable with Tab");

        visitor.press(Keys.ENTER);
        visitor.wait(AWAIT).until(d -> visitor.panelOpen());
        visitor.wait(AWAIT).until(d -> "textarea".equals(visitor.focusedInWidget()));
        assertEquals("true", visitor.find(".launch").getAttribute("aria-expanded"));

        visitor.press("Typed without a mouse");
        visitor.press(Keys.ENTER);
        visitor.awaitTexts(List.of("Typed without a mouse"));
        String conv = visitor.conversationId();
        await().atMost(AWAIT).until(() -> agent.messages(conv).size() == 1);
        assertEquals("textarea", visitor.focusedInWidget(), "the focus stays in the message box after sending");

        visitor.press(Keys.ESCAPE);
        visitor.wait(AWAIT).until(d -> !visitor.panelOpen());
        assertEquals("button.launch", visitor.focusedInWidget(), "Escape closes and gives the focus back");
        assertEquals("false", visitor.find(".launch").getAttribute("aria-expanded"));

        // a reply while closed: unread badge and a screen-reader announcement; Enter reopens with the history
        agent.reply(conv, "k-1", "Welcome, keyboard user");
        visitor.wait(AWAIT).until(d -> visitor.find(".launch").getAttribute("aria-label").contains("1 unread"));
        assertTrue(String.valueOf(visitor.js("return root.querySelector('[role=status]').textContent;"))
                .contains("Welcome, keyboard user"));
        visitor.press(Keys.ENTER);
        visitor.wait(AWAIT).until(d -> visitor.panelOpen() && "textarea".equals(visitor.focusedInWidget()));
        visitor.awaitTexts(List.of("Typed without a mouse", "Welcome, keyboard user"));
        assertEquals("log", visitor.find(".log").getAttribute("role"), "messages are in an ARIA live log");
        assertNotNull(visitor.find(".log").getAttribute("aria-live"));
    }

    @Test
    void theWidgetSpeaksTheLanguageOfTheTagThePageOrTheBrowser() throws Exception {
        WidgetPage page = visitor(); // <html lang="en">, browser en-US
        assertEquals(List.of("Open chat", "Chat with us", "Type a message\u2026", "Send message"), page.labels());
        page.reembed(null, "zh-TW");
        assertEquals(List.of("開啟聊天", "線上諮詢", "輸入訊息\u2026", "送出留言"), page.labels());
        page.reembed("zh-CN", null);
        assertEquals(List.of("打开聊天", "在线咨询", "输入消息\u2026", "发送留言"), page.labels());
        page.reembed("nl-NL", null);
        assertEquals(List.of("Chat openen", "Chat met ons", "Typ een bericht\u2026", "Bericht versturen"), page.labels());
        page.reembed("zh-Hant-HK", "");
        assertEquals("開啟聊天", page.labels().get(0), "an empty data-lang falls back to the page");
        page.reembed("fr", null);
        assertEquals("Open chat", page.labels().get(0), "an unsupported page language falls back to the browser's");
    }
}
