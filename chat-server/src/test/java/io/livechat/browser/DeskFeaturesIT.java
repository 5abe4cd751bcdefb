package io.livechat.browser;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The desk's own features that need nothing new from the server: drafts, shortcuts, alerts, details, wait times. */
class DeskFeaturesIT extends BrowserTestBase {

    /**
     * Installed before the desk's scripts: {@code window.__hidden} stands for a background tab, Notification and
     * AudioContext record what the desk does with them ({@code __notes}, {@code __beeps}).
     */
    static final String BACKGROUND_TAB = """
            (function () {
              window.__hidden = false; window.__notes = []; window.__beeps = 0;
              Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: function () { return !!window.__hidden; } });
              Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true,
                get: function () { return window.__hidden ? 'hidden' : 'visible'; } });
              function N(title, o) { window.__notes.push([String(title), String(o && o.body)]); this.close = function () {}; }
              N.permission = 'default';
              N.requestPermission = function () { N.permission = 'granted'; return Promise.resolve('granted'); };
              window.Notification = N;
              function P() { return { setValueAtTime: function () {}, exponentialRampToValueAtTime: function () {} }; }
              window.AudioContext = function () {
                this.currentTime = 0; this.state = 'running'; this.destination = {};
                this.createOscillator = function () { return { frequency: P(), connect: function () {},
                  start: function () { window.__beeps++; }, stop: function () {} }; };
                this.createGain = function () { return { gain: P(), connect: function () {} }; };
              };
            })();
            """;

    @Test
    void theDeskOpensItsSocketWithATicketAndNoUrlCarriesItsToken() throws Exception {
        DeskPage desk = DeskPage.open(browser(), serverUrl(), CrossOriginIT.RECORD_NETWORK)
                .login(DEMO_EMAIL, DEMO_PASSWORD);
        org.awaitility.Awaitility.await().atMost(AWAIT).until(() -> agentsOnline() > 0);
        @SuppressWarnings("unchecked")
        List<List<String>> net = (List<List<String>>) desk.driver.executeScript("return window.__net || [];");
        assertTrue(net.stream().anyMatch(e -> e.get(0).equals("ws") && e.get(1).contains("/desk/ws?ticket=")
                && e.get(2).equals("open")), "the desk's socket opened with a ticket: " + net);
        assertTrue(net.stream().anyMatch(e -> e.get(1).endsWith("/api/ws-ticket")), "a ticket was asked for: " + net);
        // what a balancer's access log would keep: the URLs; none holds the agent's token
        assertTrue(net.stream().noneMatch(e -> e.get(1).contains("token") || e.get(1).contains("a1.")),
                "no token in a URL: " + net);
    }

    @Test
    void theWaitingQueueShowsUnassignedConversationsAndTakeClaimsOne() throws Exception {
        DeskPage desk = desk();
        new org.openqa.selenium.support.ui.Select(desk.driver.findElement(By.id("agent-status"))).selectByValue("away");
        desk.wait(AWAIT).until(d -> io.livechat.testsupport.Http.get(gatewayUrl() + "/v1/status?siteKey=demo")
                .json().path("agentsOnline").asInt() == 0);
        io.livechat.testsupport.TestVisitor v = io.livechat.testsupport.TestVisitor.create(gatewayUrl(), "demo");
        assertEquals(200, v.send("q-1", "Waiting in line").status());
        By take = By.cssSelector("#queue-list button.take[data-conversation-id='" + v.conversationId + "']");
        desk.wait(AWAIT).until(d -> !d.findElements(take).isEmpty());
        assertTrue(desk.driver.findElement(By.id("queue-list")).getText().contains("waiting"));
        desk.driver.findElement(take).click();
        desk.select(v.conversationId).awaitTexts(List.of("Waiting in line"));
        desk.wait(AWAIT).until(d -> d.findElements(take).isEmpty());
    }

    @Test
    void draftsSurviveSwitchingAndTheKeyboardShortcutsWork() throws Exception {
        DeskPage desk = desk();
        WidgetPage ann = visitor().openChat().awaitTransport("websocket");
        ann.send("Ann here");
        ann.awaitTexts(List.of("Ann here"));
        WidgetPage bob = visitor().openChat().awaitTransport("websocket");
        bob.send("Bob here");
        bob.awaitTexts(List.of("Bob here"));
        String a = ann.conversationId();
        String b = bob.conversationId();

        desk.select(a).awaitTexts(List.of("Ann here"));
        desk.driver.findElement(By.id("reply")).sendKeys("Half an answer for Ann");
        // Alt+Down / Alt+Up move through the list (in its order); each conversation keeps its own draft
        List<String> order = desk.listOrder();
        String next = order.get((order.indexOf(a) + 1) % order.size());
        assertNotEquals(a, next);
        desk.chord(Keys.ALT, Keys.ARROW_DOWN);
        desk.wait(AWAIT).until(d -> next.equals(desk.selected()));
        assertEquals("", desk.replyBox());
        desk.keys("Draft for the next one");
        desk.chord(Keys.ALT, Keys.ARROW_UP);
        desk.wait(AWAIT).until(d -> a.equals(desk.selected()));
        assertEquals("Half an answer for Ann", desk.replyBox());
        assertTrue(desk.entryText(next).contains("Draft: Draft for the next one"), desk.entryText(next));

        // the drafts survive a reload of the desk (per browser tab)
        desk.driver.navigate().refresh();
        desk.wait(AWAIT).until(d -> d.findElement(By.id("conn")).getAttribute("class").contains("ok"));
        desk.select(next);
        assertEquals("Draft for the next one", desk.replyBox());
        desk.select(a);
        assertEquals("Half an answer for Ann", desk.replyBox());

        // Enter sends, Ctrl+Enter sends too, Esc leaves the box for the list, Alt+R comes back
        desk.keys(" - done", Keys.ENTER);
        ann.awaitTexts(List.of("Ann here", "Half an answer for Ann - done"));
        desk.keys("And a second line");
        desk.chord(Keys.CONTROL, Keys.ENTER);
        ann.awaitTexts(List.of("Ann here", "Half an answer for Ann - done", "And a second line"));
        assertEquals("", desk.replyBox());
        desk.keys(Keys.ESCAPE);
        assertEquals(a, desk.focused(), "Esc puts the focus on the conversation in the list");
        desk.chord(Keys.ALT, "r");
        assertEquals("reply", desk.focused());
        desk.select(next);
        assertEquals("Draft for the next one", desk.replyBox());
        desk.select(b);
        desk.keys("Sent to Bob");
        desk.keys(Keys.ENTER);
        bob.awaitTexts(List.of("Bob here", "Sent to Bob"));

        // the shortcuts are listed in the help
        desk.driver.findElement(By.id("help-btn")).click();
        WebElement help = desk.driver.findElement(By.id("help"));
        assertTrue(help.isDisplayed());
        assertTrue(help.getText().contains("Previous / next conversation"), help.getText());
    }

    @Test
    void aDeskInTheBackgroundNotifiesAndBeepsAndShowsTheVisitorsDetails() throws Exception {
        DeskPage desk = DeskPage.open(browser(), serverUrl(), BACKGROUND_TAB).login(DEMO_EMAIL, DEMO_PASSWORD);
        org.awaitility.Awaitility.await().atMost(AWAIT).until(() -> agentsOnline() > 0);
        assertEquals("granted", desk.driver.executeScript("return Notification.permission;"),
                "permission was asked on the first gesture (the sign-in click)");
        desk.driver.executeScript("window.__hidden = true;");

        WidgetPage visitor = visitor().openChat().awaitTransport("websocket");
        visitor.send("Is anyone there?");
        visitor.awaitTexts(List.of("Is anyone there?"));
        String conv = visitor.conversationId();
        desk.wait(AWAIT).until(d -> notes(desk).stream().anyMatch(n -> n.get(1).equals("Is anyone there?")));
        assertTrue(notes(desk).stream().anyMatch(n -> n.get(0).equals("New conversation")), notes(desk).toString());
        assertTrue(((Number) desk.driver.executeScript("return window.__beeps;")).intValue() >= 1, "a sound was played");
        desk.wait(AWAIT).until(d -> desk.listEntry(conv).getAttribute("aria-label").endsWith(", 1 unread"));
        assertTrue(desk.driver.getTitle().matches("\\(\\d+\\) Agent desk"), desk.driver.getTitle());

        // back in the foreground: no more alerts
        desk.driver.executeScript("window.__hidden = false;");
        int before = notes(desk).size();
        desk.select(conv);
        visitor.send("Hello?");
        desk.awaitTexts(List.of("Is anyone there?", "Hello?"));
        assertEquals(before, notes(desk).size());

        // the visitor's details, and a live wait time
        String details = desk.driver.findElement(By.id("conv-meta")).getText();
        assertTrue(details.contains("Page") && details.contains(demoPageUrl()), details);
        assertTrue(details.contains("Site") && details.contains("demo"), details);
        assertTrue(details.contains("First seen"), details);
        assertEquals(demoPageUrl(), desk.driver.findElement(By.cssSelector("#conv-meta a")).getAttribute("href"));
        assertEquals("noopener noreferrer", desk.driver.findElement(By.cssSelector("#conv-meta a")).getAttribute("rel"));
        String wait = desk.waitLabel(conv);
        assertTrue(wait.startsWith("waiting"), wait);
        desk.wait(AWAIT).until(d -> !desk.waitLabel(conv).equals(wait));
        assertNotEquals(wait, desk.waitLabel(conv));
    }

    @Test
    void hostileVisitorDetailsStayInertText() throws Exception {
        DeskPage desk = desk();
        String name = "<img src=x onerror=\"window.__xss='name'\">";
        String body = io.livechat.protocol.Json.write(io.livechat.protocol.Json.object().put("siteKey", "demo")
                .put("name", name).put("email", "<script>window.__xss='email'</script>@example.com")
                .put("page", "javascript:window.__xss='page'"));
        io.livechat.testsupport.Http.Reply made = io.livechat.testsupport.Http.post(gatewayUrl() + "/v1/sessions", body);
        assertEquals(201, made.status(), made.toString());
        String conv = made.json().path("conversationId").asText();
        io.livechat.testsupport.Http.Reply sent = io.livechat.testsupport.Http.post(gatewayUrl() + "/v1/send?sid="
                + made.json().path("sid").asText(), "{\"clientMsgId\":\"x-1\",\"text\":\"hi\"}",
                java.util.Map.of("Authorization", "Bearer " + made.json().path("token").asText()));
        assertEquals(200, sent.status(), sent.toString());
        desk.select(conv).awaitTexts(List.of("hi"));
        assertEquals(name, desk.driver.findElement(By.id("conv-title")).getText());
        assertTrue(desk.entryText(conv).contains(name), desk.entryText(conv));
        assertTrue(desk.driver.findElement(By.id("conv-meta")).getText().contains("javascript:window.__xss='page'"));
        assertEquals(0L, desk.driver.executeScript("return document.querySelectorAll('#conv-meta a, #conv-meta img,"
                + " #conv-meta script, #conv-list img, #conv-title *, #transcript img').length;"));
        assertEquals(null, desk.driver.executeScript("return window.__xss === undefined ? null : String(window.__xss);"));
    }

    @SuppressWarnings("unchecked")
    static List<List<String>> notes(DeskPage desk) {
        return (List<List<String>>) desk.driver.executeScript("return window.__notes;");
    }
}
