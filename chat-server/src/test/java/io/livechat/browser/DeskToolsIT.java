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

/** The desk's working tools in Chromium: canned responses (inserted by their shortcut and managed), notes and tags. */
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
}
