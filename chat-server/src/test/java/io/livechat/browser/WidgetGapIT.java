package io.livechat.browser;

import io.livechat.config.ChatConfig;
import io.livechat.testsupport.TestAgent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The widget in Chromium, offline while the agent sends more than the Redis log holds, comes back while PostgreSQL
 * is down: it is told of the gap (not left with a silent jump), and shows every message once, in order, once
 * PostgreSQL is back.
 */
class WidgetGapIT extends BrowserTestBase {

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "longpoll"})
    void aWidgetToldOfAGapShowsTheMissingMessagesOnceInOrderWhenPostgresIsBack(String transport) throws Exception {
        TestAgent agent = agentWithoutBrowser();
        WidgetPage visitor = ("websocket".equals(transport) ? visitor() : visitorWithoutWebSocket()).openChat()
                .awaitTransport(transport);
        visitor.send("Hello");
        visitor.awaitTexts(List.of("Hello"));
        String conv = visitor.conversationId();
        await().atMost(AWAIT).until(() -> agent.messages(conv).size() == 1);

        visitor.network(false);
        visitor.wait(AWAIT).until(d -> "connecting".equals(visitor.state().get("transport")));
        int replies = ChatConfig.DEFAULT_HISTORY_CAP + 100;
        for (int i = 1; i <= replies; i++) {
            agent.reply(conv, "r-" + i, "reply " + i);
        }
        long last = replies + 1;
        await().atMost(AWAIT).until(() -> cluster.storedSeqs(conv).size() == last);

        cluster.postgres().stop();
        try {
            visitor.network(true);
            // the messages still in the log arrive; those before them cannot be read now (each read of the older
            // ones waits for the agent tier to give up on PostgreSQL first, and a widget offline for a while backs off)
            visitor.wait(Duration.ofSeconds(90)).until(d -> ((Number) visitor.state().get("lastSeq")).longValue() == last);
        } finally {
            cluster.postgres().start();
        }
        List<Long> all = LongStream.rangeClosed(1, last).boxed().toList();
        try {
            visitor.wait(Duration.ofSeconds(150)).until(d -> all.equals(visitor.confirmedSeqs()));
        } catch (org.openqa.selenium.TimeoutException e) {
            List<Long> shown = visitor.confirmedSeqs();
            List<Long> missing = all.stream().filter(s -> !shown.contains(s)).toList();
            throw new AssertionError("widget shows " + shown.size() + " messages, missing " + missing + ", order "
                    + (shown.equals(shown.stream().sorted().toList()) ? "kept" : "broken") + "; state "
                    + visitor.state(), e);
        }
        assertEquals(all, visitor.confirmedSeqs(), "each message once, in seq order");
    }
}
