package io.livechat.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.livechat.browser.BrowserTestBase.AWAIT;

/** The demo page with the visitor widget, driven the way a visitor uses it (the widget lives in a shadow root). */
final class WidgetPage {

    /**
     * Installed before any page script: every WebSocket fails to connect, like behind a proxy that cuts them.
     * {@code window.__wsAttempts} counts the widget's tries.
     */
    static final String BLOCK_WEBSOCKET = """
            (function () {
              window.__wsAttempts = 0;
              function Blocked(url) {
                window.__wsAttempts++;
                var self = this;
                this.url = String(url); this.readyState = 0;
                setTimeout(function () {
                  self.readyState = 3;
                  if (self.onerror) self.onerror({ type: 'error' });
                  if (self.onclose) self.onclose({ type: 'close', code: 1006, reason: '', wasClean: false });
                }, 50);
              }
              Blocked.prototype.send = function () { throw new Error('InvalidStateError'); };
              Blocked.prototype.close = function () {};
              Blocked.CONNECTING = 0; Blocked.OPEN = 1; Blocked.CLOSING = 2; Blocked.CLOSED = 3;
              window.WebSocket = Blocked;
            })();
            """;

    /** Reads a bubble's message text: its own text and links, without the sender name or the delivery state. */
    private static final String BUBBLE_TEXT = "function txt(b) { var c = b.cloneNode(true);"
            + " c.querySelectorAll('.who,.s,.av').forEach(function (x) { x.remove(); }); return c.textContent; }";

    final ChromeDriver driver;

    private WidgetPage(ChromeDriver driver) {
        this.driver = driver;
    }

    static WidgetPage open(ChromeDriver driver, String url, String beforeLoadScript) {
        if (beforeLoadScript != null) {
            driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", beforeLoadScript));
        }
        driver.get(url);
        WidgetPage p = new WidgetPage(driver);
        p.awaitLoaded();
        return p;
    }

    void awaitLoaded() {
        wait(AWAIT).until(d -> Boolean.TRUE.equals(driver.executeScript(
                "var h = document.getElementById('livechat-widget');"
                        + "return !!(window.LiveChatWidget && h && h.shadowRoot && h.shadowRoot.querySelector('.launch'));")));
    }

    void reload() {
        driver.navigate().refresh();
        awaitLoaded();
    }

    WebDriverWait wait(Duration d) {
        WebDriverWait w = new WebDriverWait(driver, d, Duration.ofMillis(100));
        w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return w;
    }

    SearchContext shadow() {
        return driver.findElement(By.id("livechat-widget")).getShadowRoot();
    }

    WebElement find(String css) {
        return shadow().findElement(By.cssSelector(css));
    }

    /** Runs {@code body} with {@code root} bound to the widget's shadow root. */
    Object js(String body, Object... args) {
        return driver.executeScript("var root = document.getElementById('livechat-widget').shadowRoot;" + body, args);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> state() {
        return (Map<String, Object>) driver.executeScript("return window.LiveChatWidget.state();");
    }

    String conversationId() {
        wait(AWAIT).until(d -> state().get("conversationId") != null);
        return (String) state().get("conversationId");
    }

    boolean panelOpen() {
        return Boolean.TRUE.equals(js("return !root.querySelector('.panel').hidden;"));
    }

    /** Opens the chat with the launcher (mouse) and waits for the live-chat or the offline view. */
    WidgetPage openChat() {
        find(".launch").click();
        wait(AWAIT).until(d -> panelOpen());
        return this;
    }

    /** Waits until the chat view is connected over the given transport ({@code websocket} or {@code longpoll}). */
    WidgetPage awaitTransport(String transport) {
        wait(AWAIT).until(d -> transport.equals(state().get("transport")));
        return this;
    }

    /** Types into the message box and presses Enter, as a visitor does. */
    void send(String text) {
        WebElement box = find("form.f textarea");
        box.sendKeys(text);
        box.sendKeys(Keys.ENTER);
    }

    /** Texts of the messages the server has confirmed (each has a seq), in display order. */
    @SuppressWarnings("unchecked")
    List<String> confirmedTexts() {
        return (List<String>) js(BUBBLE_TEXT + "return Array.from(root.querySelectorAll('.log .m[data-seq]')).map(txt);");
    }

    @SuppressWarnings("unchecked")
    List<Long> confirmedSeqs() {
        return (List<Long>) js("return Array.from(root.querySelectorAll('.log .m[data-seq]'))"
                + ".map(function (b) { return +b.getAttribute('data-seq'); });");
    }

    /** Waits until the confirmed messages are exactly {@code texts}. */
    void awaitTexts(List<String> texts) {
        try {
            wait(AWAIT).until(d -> texts.equals(confirmedTexts()));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("widget shows " + confirmedTexts() + ", expected " + texts, e);
        }
    }

    /** The element focused inside the widget (null when the focus is outside it). */
    String focusedInWidget() {
        return (String) js("var a = document.activeElement && document.activeElement.id === 'livechat-widget'"
                + " ? root.activeElement : null; if (!a) return null;"
                + " return a.tagName.toLowerCase() + (a.className ? '.' + a.className.split(' ').join('.') : '');");
    }

    /**
     * Replaces the widget with a fresh copy loaded by a new script tag, as a page would embed it, after setting
     * the page's {@code <html lang>} (when not null) and the tag's {@code data-lang} (when not null).
     */
    void reembed(String htmlLang, String dataLang) {
        reembedWith(htmlLang, dataLang == null ? Map.of() : Map.of("data-lang", dataLang));
    }

    /** As above, with any attributes on the new tag (for example {@code data-prechat}). */
    void reembedWith(String htmlLang, Map<String, String> attributes) {
        driver.executeScript("var h = document.getElementById('livechat-widget'); if (h) h.remove();"
                + "delete window.LiveChatWidget;"
                + "if (arguments[0] != null) document.documentElement.lang = arguments[0];"
                + "var s = document.createElement('script'); s.src = '/widget/widget.js?embed=' + Date.now();"
                + "s.setAttribute('data-site-key', 'demo');"
                + "var a = arguments[1]; Object.keys(a).forEach(function (k) { s.setAttribute(k, a[k]); });"
                + "document.body.appendChild(s);", htmlLang, attributes);
        awaitLoaded();
    }

    /** The launcher's accessible name and the panel's title, in the widget's language. */
    List<String> labels() {
        @SuppressWarnings("unchecked")
        List<String> l = (List<String>) js("return [root.querySelector('.launch').getAttribute('aria-label'),"
                + " root.querySelector('.hd b').textContent, root.querySelector('form.f textarea').placeholder,"
                + " root.querySelector('form.off button').textContent];");
        return l;
    }

    /** Cuts ({@code false}) or restores ({@code true}) this browser's network, as DevTools' "Offline" does. */
    void network(boolean online) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", !online, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
    }

    void press(CharSequence key) {
        new Actions(driver).sendKeys(key).perform();
    }
}
