package io.livechat.browser;

import io.livechat.testsupport.Http;
import io.livechat.testsupport.TestAgent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What both pages do with the server's receipts, agent status, closing, rating and paged transcripts. Skipped
 * (not failed) against a server that does not know these frames yet; the pages themselves then degrade.
 */
class ConversationLifecycleIT extends BrowserTestBase {

    @BeforeEach
    void serverKnowsTheFrames() {
        TestAgent probe = TestAgent.login(serverUrl(), DEMO_EMAIL, DEMO_PASSWORD).connect(serverUrl());
        try {
            await().atMost(AWAIT).until(() -> !probe.ws().frames("welcome").isEmpty());
            probe.ws().send("{\"type\":\"status\",\"status\":\"online\"}");
            await().atMost(AWAIT).until(() -> !probe.ws().frames("status").isEmpty() || !probe.ws().frames("error").isEmpty());
            assertFalse(probe.ws().frames("status").isEmpty(),
                    "the agent server answers the status frame: " + probe.ws().frames("error"));
        } finally {
            probe.close();
        }
        await().atMost(AWAIT).until(() -> agentsOnline() == 0);
    }

    @Test
    void deliveredAndReadStatesReachBothSides() throws Exception {
        DeskPage desk = desk();
        WidgetPage visitor = visitor().openChat().awaitTransport("websocket");
        visitor.send("Can you see this?");
        visitor.awaitTexts(List.of("Can you see this?"));
        String conv = visitor.conversationId();
        // the agent opens the conversation in a visible desk: read
        desk.select(conv).awaitTexts(List.of("Can you see this?"));
        visitor.wait(AWAIT).until(d -> List.of("Read").equals(visitorStates(visitor)));

        // the visitor has the chat open: the agent's reply is read at once
        desk.reply("Yes, loud and clear.");
        visitor.awaitTexts(List.of("Can you see this?", "Yes, loud and clear."));
        desk.wait(AWAIT).until(d -> List.of("Read").equals(agentStates(desk)));

        // with the chat closed it is only delivered, and read when the visitor opens it
        visitor.find(".x:not(.dl)").click();
        visitor.wait(AWAIT).until(d -> !visitor.panelOpen());
        desk.reply("One more thing.");
        visitor.wait(AWAIT).until(d -> visitor.confirmedTexts().size() == 3);
        desk.wait(AWAIT).until(d -> List.of("Read", "Delivered").equals(agentStates(desk)));
        visitor.openChat();
        desk.wait(AWAIT).until(d -> List.of("Read", "Read").equals(agentStates(desk)));
    }

    @Test
    void anAwayAgentGetsNoNewConversationsUntilOnlineAgain() throws Exception {
        DeskPage desk = desk();
        new Select(desk.driver.findElement(By.id("agent-status"))).selectByValue("away");
        desk.wait(AWAIT).until(d -> "away".equals(desk.state().get("status")));
        await().atMost(AWAIT).until(() -> agentsOnline() == 0);
        assertTrue(desk.driver.findElement(By.tagName("body")).getAttribute("class").contains("away"));

        // a new visitor is offered the leave-a-message form, and the message waits in the queue
        WidgetPage visitor = visitor().openChat();
        visitor.wait(AWAIT).until(d -> "off".equals(visitor.state().get("view")));
        visitor.find("form.off textarea[name=message]").sendKeys("Nobody home?");
        visitor.find("form.off button[type=submit]").click();
        visitor.awaitTexts(List.of("Nobody home?"));
        String conv = visitor.conversationId();
        assertTrue(desk.driver.findElements(desk.conversationButton(conv)).isEmpty(), "not assigned while away");

        new Select(desk.driver.findElement(By.id("agent-status"))).selectByValue("online");
        desk.wait(AWAIT).until(d -> "online".equals(desk.state().get("status")));
        await().atMost(AWAIT).until(() -> agentsOnline() == 1);
        desk.select(conv).awaitTexts(List.of("Nobody home?"));
        desk.reply("Back now!");
        visitor.awaitTexts(List.of("Nobody home?", "Back now!"));
    }

    @Test
    void closingTheConversationOffersTheRatingWhichReachesTheDesk() throws Exception {
        DeskPage desk = desk();
        WidgetPage visitor = visitor().openChat().awaitTransport("websocket");
        visitor.send("Thanks for the help!");
        visitor.awaitTexts(List.of("Thanks for the help!"));
        String conv = visitor.conversationId();
        desk.select(conv).awaitTexts(List.of("Thanks for the help!"));
        assertEquals("Open", desk.driver.findElement(By.id("conv-status")).getText());

        desk.driver.findElement(By.id("close-conv")).click();
        desk.wait(AWAIT).until(d -> "Closed".equals(d.findElement(By.id("conv-status")).getText()));
        assertFalse(desk.driver.findElement(By.id("close-conv")).isEnabled());
        visitor.wait(AWAIT).until(d -> visitor.confirmedTexts().size() == 2);
        assertTrue(visitor.find(".log .m.system[data-seq]").isDisplayed(), "the closing shows in the widget");
        visitor.wait(AWAIT).until(d -> visitor.find("form.rate").isDisplayed());
        assertEquals(11, visitor.shadow().findElements(By.cssSelector("form.rate .sc button")).size());

        visitor.find("form.rate button[data-score='8']").click();
        assertEquals("true", visitor.find("form.rate button[data-score='8']").getAttribute("aria-pressed"));
        visitor.find("form.rate input").sendKeys("Quick and kind");
        visitor.find("form.rate button[type=submit]").click();
        visitor.wait(AWAIT).until(d -> !visitor.find("form.rate").isDisplayed());
        visitor.wait(AWAIT).until(d -> visitor.confirmedTexts().size() == 3);
        assertTrue(visitor.confirmedTexts().get(2).startsWith("Rated 8/10"), visitor.confirmedTexts().toString());
        desk.wait(AWAIT).until(d -> !d.findElements(By.cssSelector("#transcript .msg.rating[data-seq]")).isEmpty());
        Object rating = desk.driver.executeScript("return document.querySelector('#transcript .msg.rating').textContent;");
        assertTrue(String.valueOf(rating).contains("Rated 8/10: Quick and kind"), String.valueOf(rating));

        // after a reload the rating is not offered again
        visitor.reload();
        visitor.openChat();
        assertFalse(visitor.find("form.rate").isDisplayed());
    }

    @Test
    void theDeskScrollsBackThroughALongTranscriptPageByPage() throws Exception {
        DeskPage desk = desk();
        Http.Reply made = Http.post(gatewayUrl() + "/v1/sessions", "{\"siteKey\":\"demo\",\"name\":\"Longwinded Lou\"}");
        String sid = made.json().path("sid").asText();
        String token = made.json().path("token").asText();
        String conv = made.json().path("conversationId").asText();
        int n = 130;
        List<String> texts = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            texts.add("Line " + i);
            Http.Reply r = Http.post(gatewayUrl() + "/v1/send?sid=" + sid,
                    "{\"clientMsgId\":\"lou-" + i + "\",\"text\":\"Line " + i + "\"}",
                    java.util.Map.of("Authorization", "Bearer " + token));
            assertEquals(200, r.status(), r.toString());
        }
        desk.select(conv).awaitTexts(texts);
        // a fresh desk (its cursors kept) loads the latest page first, then older pages as the agent scrolls up
        desk.driver.navigate().refresh();
        desk.wait(AWAIT).until(d -> d.findElement(By.id("conn")).getAttribute("class").contains("ok"));
        desk.select(conv);
        desk.wait(AWAIT).until(d -> desk.confirmedTexts().size() >= 50);
        assertEquals(texts.subList(n - 50, n), desk.confirmedTexts(), "the latest page");
        for (int shown = 50; shown < n; shown = Math.min(n, shown + 50)) {
            int expect = Math.min(n, shown + 50);
            desk.driver.executeScript("document.getElementById('transcript').scrollTop = 0;");
            desk.wait(AWAIT).until(d -> desk.confirmedTexts().size() >= expect);
            assertEquals(texts.subList(n - expect, n), desk.confirmedTexts());
        }
        @SuppressWarnings("unchecked")
        List<Long> seqs = (List<Long>) desk.driver.executeScript("return Array.from(document.querySelectorAll("
                + "'#transcript .msg[data-seq]')).map(function (m) { return +m.getAttribute('data-seq'); });");
        assertEquals(LongStream.rangeClosed(1, n).boxed().toList(), seqs);
    }

    static List<String> visitorStates(WidgetPage visitor) {
        @SuppressWarnings("unchecked")
        List<String> l = (List<String>) visitor.js("return Array.from(root.querySelectorAll('.log .m.visitor[data-seq] > .s'))"
                + ".map(function (s) { return s.textContent; });");
        return l;
    }

    static List<String> agentStates(DeskPage desk) {
        @SuppressWarnings("unchecked")
        List<String> l = (List<String>) desk.driver.executeScript("return Array.from(document.querySelectorAll("
                + "'#transcript .msg.agent[data-seq] > .st')).map(function (s) { return s.textContent; });");
        return l;
    }
}
