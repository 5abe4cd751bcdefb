package io.livechat.browser;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No agent online: the widget offers a leave-a-message form, and the message reaches the desk as a waiting
 * conversation once an agent signs in. A class of its own, so that no agent has been online on its cluster.
 */
class OfflineMessageIT extends BrowserTestBase {

    @Test
    void aMessageLeftWhileNoAgentIsOnlineReachesTheDeskWhenOneSignsIn() throws Exception {
        assertEquals(0, agentsOnline());
        WidgetPage visitor = visitor().openChat();
        visitor.wait(AWAIT).until(d -> "off".equals(visitor.state().get("view")));
        assertTrue(visitor.find("form.off").isDisplayed(), "the leave-a-message form is shown");
        assertTrue(!visitor.find("form.f").isDisplayed(), "the live-chat box is not");
        assertEquals("lc-off-name", visitor.find("form.off input[name=name]").getAttribute("id"));
        visitor.wait(AWAIT).until(d -> "input".equals(
                String.valueOf(visitor.js("return root.activeElement && root.activeElement.tagName.toLowerCase();"))));

        visitor.find("form.off input[name=name]").sendKeys("Olivia Offline");
        visitor.find("form.off input[name=email]").sendKeys("olivia@example.com");
        visitor.find("form.off textarea[name=message]").sendKeys("Please call me back about my anvil order.");
        visitor.find("form.off button[type=submit]").click();

        // the message is accepted (it has a seq) and waits in the queue
        visitor.awaitTexts(List.of("Please call me back about my anvil order."));
        String conv = visitor.conversationId();
        assertTrue(String.valueOf(visitor.js("return root.querySelector('.log').textContent;")).contains("Thanks!"));
        assertEquals(0, agentsOnline());

        DeskPage desk = desk();
        desk.wait(AWAIT).until(d -> !d.findElements(desk.conversationButton(conv)).isEmpty());
        desk.wait(AWAIT).until(d -> desk.entryText(conv).contains("waiting"));
        assertTrue(desk.entryText(conv).contains("Olivia Offline"), desk.entryText(conv));
        desk.select(conv).awaitTexts(List.of("Please call me back about my anvil order."));
        assertTrue(desk.driver.findElement(By.id("conv-meta")).getText().contains("olivia@example.com"));

        // and the visitor gets the answer in the widget
        desk.reply("Hello Olivia, calling you in five minutes.");
        visitor.awaitTexts(List.of("Please call me back about my anvil order.", "Hello Olivia, calling you in five minutes."));
    }
}
