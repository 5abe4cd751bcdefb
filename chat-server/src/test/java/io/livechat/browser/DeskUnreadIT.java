package io.livechat.browser;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.testsupport.Http;
import io.livechat.testsupport.TestVisitor;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The desk's unread counts come from the stored read marks, so a fresh tab agrees with the one the agent read in;
 * closed conversations leave the active list. A class of its own: the tab title counts every conversation.
 */
class DeskUnreadIT extends BrowserTestBase {

    @Test
    void aFreshTabShowsNoUnreadForWhatWasReadAndNoClosedConversations() throws Exception {
        DeskPage first = desk();
        TestVisitor five = TestVisitor.create(gatewayUrl(), "demo");
        List<String> questions = IntStream.rangeClosed(1, 5).mapToObj(i -> "Question " + i).toList();
        questions.forEach(q -> assertEquals(200, five.send("f-" + q.charAt(q.length() - 1), q).status()));
        TestVisitor one = TestVisitor.create(gatewayUrl(), "demo");
        assertEquals(200, one.send("o-1", "Hello?").status());
        TestVisitor done = TestVisitor.create(gatewayUrl(), "demo");
        assertEquals(200, done.send("d-1", "Solved, thanks").status());

        first.select(five.conversationId).awaitTexts(questions);
        first.select(one.conversationId).awaitTexts(List.of("Hello?"));
        first.select(done.conversationId).awaitTexts(List.of("Solved, thanks"));
        first.driver.findElement(By.id("close-conv")).click();
        first.wait(AWAIT).until(d -> "Closed".equals(d.findElement(By.id("conv-status")).getText()));
        first.wait(AWAIT).until(d -> d.findElements(first.conversationButton(done.conversationId)).isEmpty());
        assertFalse(first.driver.findElements(By.cssSelector(
                "#closed-list button[data-conversation-id='" + done.conversationId + "']")).isEmpty(),
                "a closed conversation stays findable");
        String token = Http.post(serverUrl() + "/api/login", "{\"email\":\"" + DEMO_EMAIL + "\",\"password\":\""
                + DEMO_PASSWORD + "\"}").json().path("token").asText();
        await().atMost(AWAIT).until(() -> agentRead(token, five.conversationId) == 5
                && agentRead(token, one.conversationId) == 1);

        DeskPage second = desk();
        second.wait(AWAIT).until(d -> cursor(second, five.conversationId) == 5 && cursor(second, one.conversationId) == 1);
        assertEquals(List.of(), badges(second), "everything was read in the other tab");
        assertEquals("Agent desk", second.driver.getTitle());
        assertTrue(second.driver.findElements(second.conversationButton(done.conversationId)).isEmpty(),
                "the closed conversation is not in the active list");

        assertEquals(200, one.send("o-2", "Still there?").status());
        for (DeskPage tab : List.of(first, second)) {
            tab.wait(AWAIT).until(d -> List.of("1").equals(badges(tab)));
            assertEquals("(1) Agent desk", tab.driver.getTitle());
        }
    }

    private static long agentRead(String token, String conversationId) {
        for (JsonNode c : Http.get(serverUrl() + "/api/conversations", Map.of("Authorization", "Bearer " + token))
                .json().path("conversations")) {
            if (c.path("conversationId").asText().equals(conversationId)) {
                return c.path("agentRead").asLong();
            }
        }
        return -1;
    }

    private static long cursor(DeskPage desk, String conversationId) {
        Object c = ((Map<?, ?>) desk.state().get("conversations")).get(conversationId);
        return c == null ? -1 : ((Number) c).longValue();
    }

    @SuppressWarnings("unchecked")
    private static List<String> badges(DeskPage desk) {
        return (List<String>) desk.driver.executeScript("return Array.from(document.querySelectorAll("
                + "'#conv-list .badge')).map(function (b) { return b.textContent; });");
    }
}
