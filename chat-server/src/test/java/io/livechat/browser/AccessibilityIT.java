package io.livechat.browser;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 3's remaining accessibility checks: text contrast (WCAG 2.x) in widget and desk, and the desk by keyboard. */
class AccessibilityIT extends BrowserTestBase {

    /**
     * Walks every visible element with its own (non-blank) text under {@code arguments[0]} (a document or a shadow
     * root) and returns one line per element whose contrast is below 4.5:1 (3:1 for large text). The background is
     * found by walking up the ancestors (across a shadow root to its host), compositing translucent layers over white
     * until an opaque one; the text colour's alpha and the opacity of its ancestors up to that background fade it.
     */
    static final String CONTRAST = """
            var root = arguments[0];
            function parse(c) {
              var m = /rgba?\\(([^)]+)\\)/.exec(c || '');
              if (!m) return [0, 0, 0, 0];
              var p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(parseFloat);
              return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
            }
            function over(top, bottom) { // top (with alpha) over an opaque bottom
              var a = top[3];
              return [0, 1, 2].map(function (i) { return top[i] * a + bottom[i] * (1 - a); }).concat(1);
            }
            function lum(c) {
              var v = [0, 1, 2].map(function (i) { var s = c[i] / 255;
                return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4); });
              return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
            }
            function up(e) {
              if (e.parentElement) return e.parentElement;
              var r = e.getRootNode && e.getRootNode();
              return r && r.host ? r.host : null;
            }
            function describe(e) {
              var s = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
              var p = up(e);
              return (p ? p.tagName.toLowerCase() + (typeof p.className === 'string' && p.className.trim()
                ? '.' + p.className.trim().split(/\\s+/).join('.') : '') + ' > ' : '') + s;
            }
            var failures = [], checked = 0;
            root.querySelectorAll('*').forEach(function (e) {
              var own = Array.from(e.childNodes).filter(function (n) { return n.nodeType === 3 && n.nodeValue.trim(); })
                .map(function (n) { return n.nodeValue.trim(); }).join(' ');
              if (!own || /^(SCRIPT|STYLE|OPTION|TEMPLATE|NOSCRIPT)$/.test(e.tagName)) return;
              var cs = getComputedStyle(e), r = e.getBoundingClientRect();
              if (cs.visibility !== 'visible' || r.width <= 1 || r.height <= 1 || !e.getClientRects().length) return;
              if (!e.checkVisibility || !e.checkVisibility({ opacityProperty: false, visibilityProperty: true })) return;
              // layers from the element up to the first opaque background; opacity below that background fades the text
              var layers = [], opacity = 1, x = e;
              while (x) {
                var xs = getComputedStyle(x), bg = parse(xs.backgroundColor);
                if (bg[3] > 0) layers.push(bg);
                if (bg[3] >= 1) break;
                opacity *= parseFloat(xs.opacity);
                x = up(x);
              }
              var back = [255, 255, 255, 1];
              for (var i = layers.length - 1; i >= 0; i--) back = over(layers[i], back);
              var fg = parse(cs.color);
              fg[3] *= opacity;
              var text = over(fg, back);
              var l1 = lum(text), l2 = lum(back);
              var ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
              var size = parseFloat(cs.fontSize), bold = parseInt(cs.fontWeight, 10) >= 700;
              var large = size >= 24 || (size >= 18.66 && bold);
              var need = large ? 3 : 4.5;
              checked++;
              if (ratio < need - 1e-9) {
                failures.push(describe(e) + ' "' + own.slice(0, 40) + '" ' + ratio.toFixed(2) + ':1 < ' + need + ':1 ('
                  + cs.color + ' on rgb(' + back.slice(0, 3).map(Math.round).join(', ') + '), ' + size + 'px'
                  + (bold ? ' bold' : '') + ')');
              }
            });
            return { checked: checked, failures: failures };
            """;

    @SuppressWarnings("unchecked")
    private static void assertContrast(String where, Object result) {
        java.util.Map<String, Object> r = (java.util.Map<String, Object>) result;
        List<String> failures = (List<String>) r.get("failures");
        long checked = ((Number) r.get("checked")).longValue();
        assertTrue(checked >= 5, where + ": only " + checked + " text elements checked");
        assertTrue(failures.isEmpty(), where + ": " + failures.size() + " of " + checked
                + " text elements below the WCAG AA contrast:\n  " + String.join("\n  ", failures));
    }

    @Test
    void widgetAndDeskTextMeetsWcagAaContrast() throws Exception {
        DeskPage desk = desk();
        WidgetPage visitor = visitor().openChat().awaitTransport("websocket");
        visitor.send("Do you sell anvils?");
        visitor.awaitTexts(List.of("Do you sell anvils?"));
        String conv = visitor.conversationId();
        desk.select(conv).awaitTexts(List.of("Do you sell anvils?"));
        desk.reply("Yes, see https://example.com/anvils for sizes.");
        List<String> both = List.of("Do you sell anvils?", "Yes, see https://example.com/anvils for sizes.");
        visitor.awaitTexts(both);
        desk.awaitTexts(both);
        // the greeting is the widget's system line
        assertTrue(((Number) visitor.js("return root.querySelectorAll('.log .system').length;")).intValue() >= 1,
                "the widget shows a system line");
        // no message still pending (faded) on either side
        visitor.wait(AWAIT).until(d -> ((Number) visitor.js("return root.querySelectorAll('.pending').length;")).intValue() == 0);
        desk.wait(AWAIT).until(d -> ((Number) desk.driver.executeScript(
                "return document.querySelectorAll('#transcript .pending').length;")).intValue() == 0);

        Object widget = visitor.driver.executeScript(CONTRAST,
                visitor.driver.executeScript("return document.getElementById('livechat-widget').shadowRoot;"));
        Object deskResult = desk.driver.executeScript(CONTRAST, desk.driver.findElement(By.tagName("html")));
        org.junit.jupiter.api.Assertions.assertAll(
                () -> assertContrast("widget", widget),
                () -> assertContrast("desk", deskResult));
    }

    /** Presses Tab (or Shift+Tab) until the element with this id (or conversation id) has the focus, at most 60 times. */
    private static void tabTo(DeskPage desk, String target, boolean backwards) {
        for (int i = 0; i < 60 && !target.equals(desk.focused()); i++) {
            if (backwards) {
                desk.chord(Keys.SHIFT, Keys.TAB);
            } else {
                desk.keys(Keys.TAB);
            }
        }
        assertEquals(target, desk.focused(), target + " is reachable with " + (backwards ? "Shift+Tab" : "Tab"));
    }

    @Test
    void theDeskWorksWithTheKeyboardAlone() throws Exception {
        DeskPage desk = DeskPage.open(browser(), serverUrl());
        desk.wait(AWAIT).until(d -> d.findElement(By.id("email")).isDisplayed());

        // sign in: Tab to the email box, type, Tab, type, Enter
        tabTo(desk, "email", false);
        desk.keys(DEMO_EMAIL);
        desk.keys(Keys.TAB);
        assertEquals("password", desk.focused());
        desk.keys(DEMO_PASSWORD, Keys.ENTER);
        desk.wait(AWAIT).until(d -> d.findElement(By.id("conn")).getAttribute("class").contains("ok"));
        assertTrue(desk.driver.findElement(By.id("app")).isDisplayed(), "the desk is shown after Enter");
        await().atMost(AWAIT).until(() -> agentsOnline() > 0);

        // a visitor starts a conversation
        WidgetPage visitor = visitor().openChat().awaitTransport("websocket");
        visitor.send("Keyboard desk, are you there?");
        visitor.awaitTexts(List.of("Keyboard desk, are you there?"));
        String conv = visitor.conversationId();
        desk.wait(AWAIT).until(d -> !d.findElements(desk.conversationButton(conv)).isEmpty());

        // reach the list with Tab, open the conversation with Enter
        tabTo(desk, conv, false);
        desk.keys(Keys.ENTER);
        desk.wait(AWAIT).until(d -> conv.equals(desk.selected()));
        desk.awaitTexts(List.of("Keyboard desk, are you there?"));

        // reply: the focus is (or is tabbed) in the reply box, Enter sends
        tabTo(desk, "reply", false);
        desk.keys("Yes, typed without a mouse");
        desk.keys(Keys.ENTER);
        List<String> both = List.of("Keyboard desk, are you there?", "Yes, typed without a mouse");
        desk.awaitTexts(both);
        visitor.awaitTexts(both);
        assertEquals("", desk.replyBox(), "the reply box is emptied after sending");

        // status: Shift+Tab back to the status select, arrow to "Away"
        tabTo(desk, "agent-status", true);
        desk.keys(Keys.ARROW_DOWN);
        desk.wait(AWAIT).until(d -> "away".equals(d.findElement(By.id("agent-status")).getAttribute("value"))
                && d.findElement(By.tagName("body")).getAttribute("class").contains("away"));
        desk.keys(Keys.ARROW_UP);
        desk.wait(AWAIT).until(d -> "online".equals(d.findElement(By.id("agent-status")).getAttribute("value"))
                && !d.findElement(By.tagName("body")).getAttribute("class").contains("away"));

        // log out: Tab to the button, Enter
        tabTo(desk, "logout", false);
        desk.keys(Keys.ENTER);
        desk.wait(AWAIT).until(d -> d.findElement(By.id("email")).isDisplayed()
                && !d.findElement(By.id("app")).isDisplayed());
        assertEquals("email", desk.focused(), "after logging out the focus is in the email box");
        await().atMost(AWAIT).until(() -> agentsOnline() == 0);
    }
}
