package io.livechat.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;

import static io.livechat.browser.BrowserTestBase.AWAIT;

/** The agent desk, driven the way an agent uses it. */
final class DeskPage {

    private static final String MSG_TEXT = "function txt(m) { var c = m.cloneNode(true);"
            + " c.querySelectorAll('.who,.st').forEach(function (x) { x.remove(); }); return c.textContent; }";

    final ChromeDriver driver;

    private DeskPage(ChromeDriver driver) {
        this.driver = driver;
    }

    static DeskPage open(ChromeDriver driver, String serverUrl) {
        return open(driver, serverUrl, null);
    }

    /** Opens the desk with {@code beforeLoadScript} (when not null) installed before any page script. */
    static DeskPage open(ChromeDriver driver, String serverUrl, String beforeLoadScript) {
        if (beforeLoadScript != null) {
            driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source", beforeLoadScript));
        }
        driver.get(serverUrl + "/desk/");
        return new DeskPage(driver);
    }

    /** The desk's own view of itself: connected, selected, alerts, legacy, status, cursors. */
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> state() {
        return (java.util.Map<String, Object>) driver.executeScript("return window.LiveChatDesk.state();");
    }

    String selected() {
        return (String) state().get("selected");
    }

    String replyBox() {
        return driver.findElement(By.id("reply")).getAttribute("value");
    }

    /** The focused element's id, or its conversation id for a list entry. */
    String focused() {
        return (String) driver.executeScript("var a = document.activeElement; return a ? (a.id || a.getAttribute("
                + "'data-conversation-id')) : null;");
    }

    void keys(CharSequence... keys) {
        new org.openqa.selenium.interactions.Actions(driver).sendKeys(keys).perform();
    }

    /** Presses a key with Alt (or Control) held. */
    void chord(Keys modifier, CharSequence key) {
        new org.openqa.selenium.interactions.Actions(driver).keyDown(modifier).sendKeys(key).keyUp(modifier).perform();
    }

    WebDriverWait wait(Duration d) {
        WebDriverWait w = new WebDriverWait(driver, d, Duration.ofMillis(100));
        w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return w;
    }

    DeskPage login(String email, String password) {
        wait(AWAIT).until(d -> d.findElement(By.id("email")).isDisplayed());
        driver.findElement(By.id("email")).sendKeys(email);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login-btn")).click();
        wait(AWAIT).until(d -> d.findElement(By.id("conn")).getAttribute("class").contains("ok"));
        return this;
    }

    By conversationButton(String conversationId) {
        return By.cssSelector("#conv-list button[data-conversation-id='" + conversationId + "']");
    }

    /** Waits for the conversation to be listed and opens it. */
    DeskPage select(String conversationId) {
        // the list is re-rendered on every event: find and click in one step, again if the button was replaced
        wait(AWAIT).until(d -> {
            d.findElement(conversationButton(conversationId)).click();
            return true;
        });
        wait(AWAIT).until(d -> conversationId.equals(d.findElement(By.id("conv")).getAttribute("data-conversation-id")));
        return this;
    }

    WebElement listEntry(String conversationId) {
        return driver.findElement(conversationButton(conversationId));
    }

    /** The conversation ids in the list's order. */
    @SuppressWarnings("unchecked")
    List<String> listOrder() {
        return (List<String>) driver.executeScript("return Array.from(document.querySelectorAll('#conv-list button'))"
                + ".map(function (b) { return b.getAttribute('data-conversation-id'); });");
    }

    /** The list entry's visible text, read in one step (the list is re-rendered on every event). */
    String entryText(String conversationId) {
        return String.valueOf(driver.executeScript("var b = document.querySelector("
                + "'#conv-list button[data-conversation-id=\"' + arguments[0] + '\"]'); return b ? b.innerText : '';",
                conversationId));
    }

    /** The list entry's wait-time label, read in one step. */
    String waitLabel(String conversationId) {
        return String.valueOf(driver.executeScript("var b = document.querySelector("
                + "'#conv-list button[data-conversation-id=\"' + arguments[0] + '\"] .wait'); return b ? b.textContent : '';",
                conversationId));
    }

    void reply(String text) {
        WebElement box = driver.findElement(By.id("reply"));
        box.sendKeys(text);
        box.sendKeys(Keys.ENTER);
    }

    /** Texts of the open conversation's confirmed messages (each has a seq), in display order. */
    @SuppressWarnings("unchecked")
    List<String> confirmedTexts() {
        return (List<String>) driver.executeScript(MSG_TEXT
                + "return Array.from(document.querySelectorAll('#transcript .msg[data-seq]')).map(txt);");
    }

    void awaitTexts(List<String> texts) {
        try {
            wait(AWAIT).until(d -> texts.equals(confirmedTexts()));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("desk shows " + confirmedTexts() + ", expected " + texts, e);
        }
    }
}
