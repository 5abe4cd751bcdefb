package io.livechat.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MessageJsonTest {

    @Test
    void prefixSeqSuffixIsTheEventJson() {
        String text = "quotes \" backslash \\ newline \n unicode é 漢 <script>";
        ChatMessage m = new ChatMessage("conv", 12, "cm-1", "visitor", "sid", "Ada \"A\"", text, 1795430400123L);
        String json = MessageJson.prefix("conv") + 12 + MessageJson.suffix("cm-1", "visitor", "sid", "Ada \"A\"",
                text, 1795430400123L);
        assertEquals(json, MessageJson.of(m));
        assertEquals(m, MessageJson.parse(json));
        assertEquals(1795430400123L, MessageJson.tsOf(json));
        assertEquals("message", Json.parseObject(json).path("type").asText());
    }

    @Test
    void validationRefusesBadIdsTextAndCursors() {
        assertEquals(ErrorCode.BAD_CLIENT_MSG_ID,
                assertThrows(ChatException.class, () -> Validation.clientMsgId("has space")).code());
        assertEquals(ErrorCode.BAD_CLIENT_MSG_ID,
                assertThrows(ChatException.class, () -> Validation.clientMsgId("x".repeat(65))).code());
        assertEquals(ErrorCode.MESSAGE_TOO_LARGE,
                assertThrows(ChatException.class, () -> Validation.text("😀".repeat(11), 10)).code());
        assertEquals("😀".repeat(10), Validation.text("😀".repeat(10), 10));
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(ChatException.class, () -> Validation.cursor("-1")).code());
        assertEquals(0, Validation.cursor(null));
        // valid JSON that is not an object is a request of the wrong shape (docs/PROTOCOL.md), not bad JSON
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(ChatException.class, () -> Json.parseObject("[1]")).code());
        assertEquals(ErrorCode.BAD_JSON, assertThrows(ChatException.class, () -> Json.parseObject("[1")).code());
    }
}
