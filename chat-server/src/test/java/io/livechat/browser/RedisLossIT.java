package io.livechat.browser;

import io.livechat.testsupport.RawRedis;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The widget and the desk in Chromium when Redis loses the conversation mid-chat. */
class RedisLossIT extends BrowserTestBase {

    @Test
    void widgetAndDeskRedrawTheTranscriptOnceInTheNewEpochWhenRedisLostTheConversation() throws Exception {
        DeskPage desk = desk();
        WidgetPage visitor = visitor().openChat().awaitTransport("websocket");
        visitor.send("Before the loss");
        visitor.awaitTexts(List.of("Before the loss"));
        String conv = visitor.conversationId();
        desk.select(conv).awaitTexts(List.of("Before the loss"));
        desk.reply("Agent before the loss");
        List<String> two = List.of("Before the loss", "Agent before the loss");
        visitor.awaitTexts(two);
        desk.awaitTexts(two);
        String firstEpoch = (String) visitor.state().get("epoch");
        assertFalse(firstEpoch == null || firstEpoch.isEmpty(), "the widget knows its log's epoch");
        await().atMost(AWAIT).until(() -> cluster.storedSeqs(conv).equals(List.of(1L, 2L)));

        try (RawRedis redis = cluster.rawRedis()) {
            redis.sync().flushall();
        }
        visitor.send("After the loss");

        List<String> three = List.of("Before the loss", "Agent before the loss", "After the loss");
        visitor.awaitTexts(three);
        assertEquals(List.of(1L, 2L, 3L), visitor.confirmedSeqs(), "each message once, no gap");
        String newEpoch = (String) visitor.state().get("epoch");
        assertNotEquals(firstEpoch, newEpoch, "the widget took the new epoch");
        desk.awaitTexts(three);
        @SuppressWarnings("unchecked")
        Map<String, Object> deskEpochs = (Map<String, Object>) desk.state().get("epochs");
        assertEquals(newEpoch, deskEpochs.get(conv), "the desk took the new epoch");

        desk.reply("Agent after the loss");
        List<String> four = List.of(three.get(0), three.get(1), three.get(2), "Agent after the loss");
        visitor.awaitTexts(four);
        desk.awaitTexts(four);
        assertEquals(List.of(1L, 2L, 3L, 4L), visitor.confirmedSeqs());
        await().atMost(AWAIT).until(() -> cluster.storedSeqs(conv).equals(List.of(1L, 2L, 3L, 4L)));
        assertEquals(four, cluster.storedTexts(conv));
    }
}
