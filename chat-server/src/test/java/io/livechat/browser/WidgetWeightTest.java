package io.livechat.browser;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The widget's weight budget (issue 3): at most 20 KB gzipped. Needs no browser, so it runs with the unit tests. */
class WidgetWeightTest {

    static final int BUDGET_BYTES = 20 * 1024;

    @Test
    void widgetScriptStaysWithinItsGzippedBudget() throws IOException {
        byte[] script;
        try (InputStream in = WidgetWeightTest.class.getResourceAsStream("/web/widget/widget.js")) {
            assertNotNull(in, "widget.js is on the classpath");
            script = in.readAllBytes();
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(script);
        }
        assertTrue(gz.size() <= BUDGET_BYTES,
                "widget.js is " + gz.size() + " bytes gzipped (" + script.length + " raw); the budget is " + BUDGET_BYTES);
    }
}
