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
        driver.get(serverUrl + "/desk/");
        return new DeskPage(driver);
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
        wait(AWAIT).until(d -> !d.findElements(conversationButton(conversationId)).isEmpty());
        driver.findElement(conversationButton(conversationId)).click();
        wait(AWAIT).until(d -> conversationId.equals(d.findElement(By.id("conv")).getAttribute("data-conversation-id")));
        return this;
    }

    WebElement listEntry(String conversationId) {
        return driver.findElement(conversationButton(conversationId));
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
