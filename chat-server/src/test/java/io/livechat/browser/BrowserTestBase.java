package io.livechat.browser;

import io.livechat.gateway.GatewayNode;
import io.livechat.server.ServerNode;
import io.livechat.testsupport.Http;
import io.livechat.testsupport.TestAgent;
import io.livechat.testsupport.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real-browser tests: one embedded Redis + PostgreSQL, one gateway and one agent server per test class, and fresh
 * headless Debian Chromium sessions (one per visitor or agent) per test. Skipped, not failed, when
 * {@code /usr/bin/chromium} or {@code /usr/bin/chromedriver} is missing. Nothing downloads a browser or a driver:
 * both paths are given explicitly, so Selenium Manager never runs.
 *
 * <p>On a failure the browsers' screenshots, DOM and console logs are written to
 * {@code target/browser-failures/} before they are closed.
 */
abstract class BrowserTestBase {

    static final Path CHROMIUM = Path.of(System.getProperty("livechat.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("livechat.chromedriver", "/usr/bin/chromedriver"));
    static final Duration AWAIT = Duration.ofSeconds(30);
    static final String DEMO_EMAIL = "demo@example.com";
    static final String DEMO_PASSWORD = "demo";

    /** The port of a host page on another origin ({@code http://127.0.0.2:HOST_PORT}) that the demo site allows. */
    static int hostPort;
    /** The port of a {@link TcpRelay} in front of the gateway ({@code http://127.0.0.1:RELAY_PORT}), also allowed. */
    static int relayPort;

    static TestCluster cluster;
    static GatewayNode gateway;
    static ServerNode server;

    private final List<ChromeDriver> browsers = new ArrayList<>();
    private final List<Path> profiles = new ArrayList<>();
    private final List<AutoCloseable> perTest = new ArrayList<>();

    @RegisterExtension
    static final AfterTestExecutionCallback DUMP_ON_FAILURE = BrowserTestBase::dumpOnFailure;

    /** Selenium warns that it has no CDP bindings for this Chromium; the tests use none (only chromedriver's CDP relay). */
    private static final java.util.logging.Logger CDP_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

    @BeforeAll
    static void startCluster() throws Exception {
        CDP_LOG.setLevel(java.util.logging.Level.SEVERE);
        // a missing browser fails the run rather than skipping it: ./test.sh installs it
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "headless browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                        + " (apt-get install chromium chromium-driver)");
        // the demo site allows the gateway's own origin, so the ports must be known before the nodes start
        hostPort = TestCluster.freePort();
        relayPort = TestCluster.freePort();
        cluster = new TestCluster(Map.of(
                "CHAT_GATEWAY_PORT", String.valueOf(TestCluster.freePort()),
                "CHAT_SERVER_PORT", String.valueOf(TestCluster.freePort()),
                "CHAT_DEMO_ORIGINS", "http://127.0.0.2:" + hostPort + ",http://127.0.0.1:" + relayPort));
        server = cluster.server("srv-1");
        gateway = cluster.gateway("gw-1");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    static String gatewayUrl() {
        return "http://127.0.0.1:" + gateway.port();
    }

    static String serverUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    static String demoPageUrl() {
        return gatewayUrl() + "/widget/demo.html";
    }

    /** How many agents the gateway tells the widget are online. */
    static long agentsOnline() {
        Http.Reply r = Http.get(gatewayUrl() + "/v1/status?siteKey=demo");
        return r.status() == 200 ? r.json().path("agentsOnline").asLong(-1) : -1;
    }

    /** A fresh headless Chromium with its own profile, closed after the test. */
    ChromeDriver browser() throws IOException {
        Path profile = Files.createTempDirectory("livechat-chromium");
        profiles.add(profile);
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--lang=en-US",
                "--window-size=1280,800", "--user-data-dir=" + profile);
        o.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withSilent(true)
                .build();
        ChromeDriver d = new ChromeDriver(service, o);
        browsers.add(d);
        d.manage().timeouts().pageLoadTimeout(AWAIT).scriptTimeout(AWAIT);
        return d;
    }

    /** A visitor on the gateway's demo page, in a browser of its own. */
    WidgetPage visitor() throws IOException {
        return WidgetPage.open(browser(), demoPageUrl(), null);
    }

    /** A visitor whose browser refuses every WebSocket (as behind a proxy that cuts them), before any script runs. */
    WidgetPage visitorWithoutWebSocket() throws IOException {
        return WidgetPage.open(browser(), demoPageUrl(), WidgetPage.BLOCK_WEBSOCKET);
    }

    /** The demo agent signed in to the desk, in a browser of its own, and counted online. */
    DeskPage desk() throws IOException {
        DeskPage desk = DeskPage.open(browser(), serverUrl()).login(DEMO_EMAIL, DEMO_PASSWORD);
        await().atMost(AWAIT).until(() -> agentsOnline() > 0);
        return desk;
    }

    /** The demo agent online through a protocol-level desk (no browser), for tests about the widget alone. */
    TestAgent agentWithoutBrowser() {
        TestAgent agent = TestAgent.login(serverUrl(), DEMO_EMAIL, DEMO_PASSWORD).connect(serverUrl());
        perTest.add(agent);
        await().atMost(AWAIT).until(() -> !agent.ws().frames("welcome").isEmpty());
        await().atMost(AWAIT).until(() -> agentsOnline() > 0);
        return agent;
    }

    /** Where screenshots for the docs go: {@code -Dlivechat.screenshots=DIR}, else target/screenshots. */
    static Path screenshotDir() throws IOException {
        Path dir = Path.of(System.getProperty("livechat.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        return dir;
    }

    @AfterEach
    void closeBrowsers() {
        for (ChromeDriver d : browsers) {
            try {
                d.quit();
            } catch (RuntimeException e) {
                // already gone
            }
        }
        browsers.clear();
        for (AutoCloseable c : perTest) {
            try {
                c.close();
            } catch (Exception e) {
                // already closed
            }
        }
        perTest.clear();
        for (Path p : profiles) {
            deleteQuietly(p);
        }
        profiles.clear();
        // the next test starts with nobody online; waiting here keeps a late "offline" from racing its login
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> agentsOnline() == 0);
        } catch (RuntimeException e) {
            System.err.println("after the test the gateway still counts " + agentsOnline() + " agent(s) online");
        }
    }

    private static void dumpOnFailure(ExtensionContext ctx) {
        if (ctx.getExecutionException().isEmpty() || !(ctx.getTestInstance().orElse(null) instanceof BrowserTestBase t)) {
            return;
        }
        Path dir = Path.of("target", "browser-failures");
        String name = ctx.getRequiredTestClass().getSimpleName() + "-" + ctx.getRequiredTestMethod().getName();
        for (int i = 0; i < t.browsers.size(); i++) {
            ChromeDriver d = t.browsers.get(i);
            String base = name + "-browser" + i;
            try {
                Files.createDirectories(dir);
                Files.write(dir.resolve(base + ".png"), d.getScreenshotAs(OutputType.BYTES));
                Object dom = d.executeScript("var h = document.getElementById('livechat-widget');"
                        + "return document.documentElement.outerHTML"
                        + " + (h && h.shadowRoot ? '\\n<!-- widget shadow root -->\\n' + h.shadowRoot.innerHTML : '');");
                Files.writeString(dir.resolve(base + ".html"), String.valueOf(dom), StandardCharsets.UTF_8);
                StringBuilder log = new StringBuilder();
                for (LogEntry e : d.manage().logs().get(LogType.BROWSER)) {
                    log.append(e.getLevel()).append(' ').append(e.getMessage()).append('\n');
                }
                Files.writeString(dir.resolve(base + "-console.log"), log, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                System.err.println("could not save " + base + ": " + e);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temp dir left behind is harmless
        }
    }
}
