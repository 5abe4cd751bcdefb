package io.livechat.browser;

import com.sun.net.httpserver.HttpServer;
import io.livechat.testsupport.TestAgent;
import io.livechat.testsupport.TestVisitor;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** axe-core finds nothing on the widget in each of its states nor on any screen of the desk. */
class AxeIT extends BrowserTestBase {

    private final List<String> found = new ArrayList<>();

    private void check(String screen, ChromeDriver driver) {
        AxeCheck.violations(driver).forEach(v -> found.add(screen + ": " + v));
    }

    private void assertNoneFound() {
        assertEquals("", String.join("\n", found), found.size() + " axe violation(s)");
    }

    @Test
    void theWidgetPassesAxeInEachOfItsStates() throws Exception {
        WidgetPage away = visitor();
        check("widget closed", away.driver);
        away.openChat();
        away.wait(AWAIT).until(d -> "off".equals(away.state().get("view")));
        check("widget offline form", away.driver);

        TestAgent agent = agentWithoutBrowser();
        WidgetPage visitor = visitor().openChat();
        visitor.wait(AWAIT).until(d -> "chat".equals(visitor.state().get("view")));
        check("widget open", visitor.driver);
        visitor.send("Do you ship to Iceland?");
        visitor.awaitTexts(List.of("Do you ship to Iceland?"));
        String conv = visitor.conversationId();
        agent.reply(conv, "a-1", "We do, in three days.");
        visitor.awaitTexts(List.of("Do you ship to Iceland?", "We do, in three days."));
        check("widget conversation", visitor.driver);
        agent.ws().send("{\"type\":\"close\",\"conversationId\":\"" + conv + "\"}");
        visitor.wait(AWAIT).until(d -> visitor.find("form.rate").isDisplayed());
        check("widget rating", visitor.driver);
        visitor.find("form.rate button[data-score='9']").click();
        visitor.find("form.rate button[type=submit]").click();
        visitor.wait(AWAIT).until(d -> !visitor.find("form.rate").isDisplayed());
        check("widget rated", visitor.driver);
        visitor.find(".x:not(.dl)").click();
        visitor.wait(AWAIT).until(d -> !visitor.panelOpen());
        agent.reply(conv, "a-2", "Anything else?");
        visitor.wait(AWAIT).until(d -> visitor.find(".launch .badge").isDisplayed());
        check("widget closed with unread", visitor.driver);

        HttpServer refusedHost = CrossOriginIT.hostPage("127.0.0.3", 0);
        try {
            WidgetPage refused = WidgetPage.open(browser(), CrossOriginIT.pageOn(refusedHost, ""), null);
            refused.openChat();
            refused.wait(AWAIT).until(d -> !refused.find(".err").getText().isEmpty());
            check("widget on a refused site", refused.driver);
        } finally {
            refusedHost.stop(0);
        }
        assertNoneFound();
    }

    @Test
    void everyDeskScreenPassesAxe() throws Exception {
        DeskPage desk = DeskPage.open(browser(), serverUrl());
        desk.wait(AWAIT).until(d -> d.findElement(By.id("email")).isDisplayed());
        check("desk login", desk.driver);
        desk.login(DEMO_EMAIL, DEMO_PASSWORD);
        await().atMost(AWAIT).until(() -> agentsOnline() > 0);
        check("desk, nothing selected", desk.driver);

        new Select(desk.driver.findElement(By.id("agent-status"))).selectByValue("away");
        await().atMost(AWAIT).until(() -> agentsOnline() == 0);
        TestVisitor v = TestVisitor.create(gatewayUrl(), "demo");
        assertEquals(200, v.send("q-1", "Waiting in line").status());
        By take = By.cssSelector("#queue-list button.take[data-conversation-id='" + v.conversationId + "']");
        desk.wait(AWAIT).until(d -> !d.findElements(take).isEmpty());
        check("desk, away, with a waiting visitor", desk.driver);

        desk.driver.findElement(take).click();
        desk.select(v.conversationId).awaitTexts(List.of("Waiting in line"));
        desk.reply("Thanks for waiting!");
        desk.awaitTexts(List.of("Waiting in line", "Thanks for waiting!"));
        check("desk, conversation", desk.driver);

        desk.driver.findElement(By.id("close-conv")).click();
        desk.wait(AWAIT).until(d -> "Closed".equals(d.findElement(By.id("conv-status")).getText()));
        desk.driver.findElement(By.cssSelector("#closed-box summary")).click();
        check("desk, closed conversation", desk.driver);
        desk.driver.findElement(By.id("help-btn")).click();
        check("desk, shortcuts", desk.driver);
        desk.driver.findElement(By.id("help-btn")).click();
        toolScreens(desk, v.conversationId);
        assertNoneFound();
    }

    /** The desk's tools: canned responses (the panel and the composer's suggestions), notes and tags. */
    private void toolScreens(DeskPage desk, String conversationId) {
        desk.wait(AWAIT).until(d -> d.findElement(By.id("case")).isDisplayed());
        desk.driver.findElement(By.id("tag-input")).sendKeys("axe", org.openqa.selenium.Keys.ENTER);
        desk.wait(AWAIT).until(d -> d.findElement(By.id("tag-list")).getText().contains("axe"));
        desk.driver.findElement(By.id("note-input")).sendKeys("A note for axe");
        desk.driver.findElement(By.cssSelector("#note-form button[type=submit]")).click();
        desk.wait(AWAIT).until(d -> d.findElement(By.id("note-list")).getText().contains("A note for axe"));
        check("desk, notes and tags", desk.driver);
        desk.driver.findElement(By.id("canned-btn")).click();
        desk.driver.findElement(By.id("canned-shortcut")).sendKeys("axe");
        desk.driver.findElement(By.id("canned-body")).sendKeys("Checked by axe, {visitor.name}.");
        desk.driver.findElement(By.cssSelector("#canned-form button[type=submit]")).click();
        desk.wait(AWAIT).until(d -> d.findElement(By.id("canned-list")).getText().contains("/axe"));
        check("desk, canned responses", desk.driver);
        desk.driver.findElement(By.id("canned-btn")).click();
        desk.driver.findElement(By.id("reply")).sendKeys("/ax");
        desk.wait(AWAIT).until(d -> d.findElement(By.id("canned-menu")).isDisplayed());
        check("desk, canned suggestion", desk.driver);
        desk.driver.findElement(By.id("stats-btn")).click();
        desk.wait(AWAIT).until(d -> d.findElement(By.id("stats-result")).isDisplayed());
        check("desk, statistics", desk.driver);
    }
}
