package io.livechat.browser;

import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs axe-core (the npm package's {@code axe.min.js}, as Deque packages it for Maven) in a page with its default
 * rules (WCAG 2 A/AA and best practices); axe looks inside open shadow roots, so it sees the widget too.
 */
final class AxeCheck {

    private static final String AXE = load();

    private static final String RUN = """
            var done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] }).then(function (r) {
              done(r.violations.map(function (v) {
                return v.id + ' (' + v.impact + '): ' + v.help + '\\n      ' + v.nodes.map(function (n) {
                  return JSON.stringify(n.target) + ' ' + String(n.failureSummary || '').replace(/\\s+/g, ' ');
                }).join('\\n      ');
              }));
            }, function (e) { done(['axe failed: ' + e]); });
            """;

    private AxeCheck() {
    }

    private static String load() {
        try (InputStream in = AxeCheck.class.getResourceAsStream("/axe.min.js")) {
            assertTrue(in != null, "axe.min.js (com.deque.html.axe-core:selenium) is on the test classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The violations axe finds in the page as it is now, one line per rule with its elements. */
    @SuppressWarnings("unchecked")
    static List<String> violations(ChromeDriver driver) {
        if (!Boolean.TRUE.equals(driver.executeScript("return !!window.axe;"))) {
            driver.executeScript(AXE);
        }
        return (List<String>) driver.executeAsyncScript(RUN);
    }

    /** Fails with every violation axe finds, naming the screen. */
    static void assertNone(String screen, ChromeDriver driver) {
        List<String> v = violations(driver);
        assertTrue(v.isEmpty(), screen + ": " + v.size() + " axe violation(s):\n  " + String.join("\n  ", v));
    }
}
