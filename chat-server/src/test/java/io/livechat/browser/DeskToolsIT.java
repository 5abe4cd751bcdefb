package io.livechat.browser;

import io.livechat.testsupport.Http;
import io.livechat.testsupport.TestAgent;
import io.livechat.testsupport.TestVisitor;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The desk's working tools in Chromium: canned responses, notes and tags, and the statistics dashboard. */
class DeskToolsIT extends BrowserTestBase {

    private static Map<String, String> demoAuth() {
        return Map.of("Authorization", "Bearer " + TestAgent.login(serverUrl(), DEMO_EMAIL, DEMO_PASSWORD).token);
    }

    @Test
    void aSlashShortcutOffersTheCannedResponseAndEnterInsertsItFilledIn() throws Exception {
        Http.Reply made = Http.post(serverUrl() + "/api/canned", "{\"shortcut\":\"refund\",\"body\":"
                + "\"Hi {visitor.name}, your refund is on its way. {agent.name}\"}", demoAuth());
        assertEquals(201, made.status(), made.body());
        DeskPage desk = desk();
        TestVisitor v = TestVisitor.create(gatewayUrl(), "demo");
        assertEquals(200, v.send("c-1", "Where is my refund?").status());
        desk.select(v.conversationId).awaitTexts(List.of("Where is my refund?"));

        desk.driver.findElement(By.id("reply")).sendKeys("/ref");
        desk.wait(AWAIT).until(d -> d.findElement(By.id("canned-menu")).isDisplayed());
        assertTrue(desk.driver.findElement(By.id("canned-menu")).getText().contains("/refund"));
        desk.keys(Keys.ENTER);
        assertEquals("Hi Tess, your refund is on its way. Demo Agent", desk.replyBox(),
                "Enter inserts the response with its placeholders filled in");
        assertEquals(List.of("Where is my refund?"), desk.confirmedTexts(), "and sends nothing yet");
        assertTrue(!desk.driver.findElement(By.id("canned-menu")).isDisplayed());

        desk.keys(Keys.ENTER);
        desk.awaitTexts(List.of("Where is my refund?", "Hi Tess, your refund is on its way. Demo Agent"));

        desk.driver.findElement(By.id("reply")).sendKeys("Also see /nothing-like-this");
        assertTrue(!desk.driver.findElement(By.id("canned-menu")).isDisplayed(), "no match, no menu");
        desk.driver.findElement(By.id("reply")).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, "/REF");
        desk.wait(AWAIT).until(d -> d.findElement(By.id("canned-menu")).isDisplayed());
        desk.keys(Keys.TAB);
        assertEquals("Hi Tess, your refund is on its way. Demo Agent", desk.replyBox(), "Tab inserts too");
    }

    @Test
    void anAgentAddsAndDeletesCannedResponsesInTheDesk() throws Exception {
        DeskPage desk = desk();
        desk.driver.findElement(By.id("canned-btn")).click();
        desk.driver.findElement(By.id("canned-shortcut")).sendKeys("/hours");
        desk.driver.findElement(By.id("canned-body")).sendKeys("We answer from 9 to 17.");
        desk.driver.findElement(By.cssSelector("#canned-form button[type=submit]")).click();
        desk.wait(AWAIT).until(d -> d.findElement(By.id("canned-list")).getText().contains("/hours"));
        assertTrue(Http.get(serverUrl() + "/api/canned", demoAuth()).body().contains("We answer from 9 to 17."));

        desk.driver.findElement(By.id("canned-shortcut")).sendKeys("hours");
        desk.driver.findElement(By.id("canned-body")).sendKeys("again");
        desk.driver.findElement(By.cssSelector("#canned-form button[type=submit]")).click();
        desk.wait(AWAIT).until(d -> d.findElement(By.id("canned-error")).getText().contains("exists already"));

        desk.driver.findElement(By.cssSelector("button[aria-label='Delete /hours']")).click();
        desk.wait(AWAIT).until(d -> !d.findElement(By.id("canned-list")).getText().contains("/hours"));
        assertTrue(!Http.get(serverUrl() + "/api/canned", demoAuth()).body().contains("We answer from 9 to 17."));
    }

    @Test
    void notesAndTagsSitBesideTheConversationAndTheVisitorsWidgetNeverShowsANote() throws Exception {
        DeskPage desk = desk();
        WidgetPage visitor = visitor().openChat().awaitTransport("websocket");
        visitor.send("My parcel is late");
        visitor.awaitTexts(List.of("My parcel is late"));
        desk.select(visitor.conversationId()).awaitTexts(List.of("My parcel is late"));
        desk.wait(AWAIT).until(d -> d.findElement(By.id("case")).isDisplayed());

        desk.driver.findElement(By.id("note-input")).sendKeys("Second late parcel this month: offer a voucher");
        desk.driver.findElement(By.cssSelector("#note-form button[type=submit]")).click();
        desk.wait(AWAIT).until(d -> d.findElement(By.id("note-list")).getText()
                .contains("Second late parcel this month: offer a voucher"));
        assertTrue(desk.driver.findElement(By.id("note-list")).getText().contains("Demo Agent"));

        desk.driver.findElement(By.id("tag-input")).sendKeys("Shipping", Keys.ENTER);
        desk.wait(AWAIT).until(d -> d.findElement(By.id("tag-list")).getText().contains("shipping"));
        desk.driver.findElement(By.id("tag-input")).sendKeys("late");
        desk.driver.findElement(By.cssSelector("#tag-form button[type=submit]")).click();
        desk.wait(AWAIT).until(d -> d.findElement(By.id("tag-list")).getText().contains("late"));
        desk.driver.findElement(By.cssSelector("button[aria-label='Remove tag shipping']")).click();
        desk.wait(AWAIT).until(d -> !d.findElement(By.id("tag-list")).getText().contains("shipping"));
        String tags = Http.get(serverUrl() + "/api/conversations/" + visitor.conversationId() + "/tags", demoAuth())
                .body();
        assertTrue(tags.contains("\"tags\":[\"late\"]"), tags);

        desk.reply("Sorry about that, I am on it");
        visitor.awaitTexts(List.of("My parcel is late", "Sorry about that, I am on it"));
        assertTrue(!visitor.driver.getPageSource().contains("voucher"), "the widget never saw the note");
    }

    @Test
    void theDashboardShowsTheSeededFiguresByAgent() throws Exception {
        io.livechat.testsupport.StatsSeed.seed(cluster);
        DeskPage desk = desk();
        desk.driver.findElement(By.id("stats-btn")).click();
        desk.wait(AWAIT).until(d -> d.findElement(By.id("stats-result")).isDisplayed());
        desk.driver.executeScript("document.getElementById('stats-from').value = '2020-03-01';"
                + "document.getElementById('stats-to').value = '2020-03-02';");
        new org.openqa.selenium.support.ui.Select(desk.driver.findElement(By.id("stats-by"))).selectByValue("agent");
        desk.driver.findElement(By.cssSelector("#stats-form button[type=submit]")).click();
        desk.wait(AWAIT).until(d -> d.findElement(By.id("stats-rows")).getText().contains("Ann"));
        String total = desk.driver.findElement(By.id("stats-total")).getText();
        assertTrue(total.contains("Conversations\n4"), total);
        assertTrue(total.contains("Answered\n3"), total);
        assertTrue(total.contains("First response (mean)\n43 s"), total);
        assertTrue(total.contains("Handling (mean)\n7 min 30 s"), total);
        assertTrue(total.contains("Satisfaction\n8.0 / 10 (2)"), total);
        Object rows = desk.driver.executeScript("return Array.from(document.querySelectorAll('#stats-rows tr'))"
                + ".map(function (r) { return Array.from(r.cells).map(function (c) { return c.textContent.trim(); })"
                + ".join('|'); });");
        assertEquals(List.of("(no agent)|1|\u2013|\u2013|\u2013", "Ann|2|1 min 0 s|7 min 30 s|8.0 / 10 (2)",
                "Ben|1|10 s|\u2013|\u2013"), rows);
        String dist = desk.driver.findElement(By.cssSelector("#stats-dist svg")).getAttribute("aria-label");
        assertTrue(dist.contains("6: 0, 7: 1, 8: 0, 9: 1, 10: 0"), dist);
        assertEquals(11L, desk.driver.executeScript("return document.querySelectorAll('#stats-dist rect').length;"));
    }
}
