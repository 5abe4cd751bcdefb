package io.livechat.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The retention settings: keep forever by default, checked every five minutes, nonsense refused at start. */
class RetentionConfigTest {

    @Test
    void defaultsKeepTranscriptsForever() {
        assertEquals(0, ChatConfig.defaults().retentionDays());
        assertEquals(300, ChatConfig.defaults().retentionCheckSeconds());
    }

    @Test
    void settingsAreRead() {
        ChatConfig c = ChatConfig.of(Map.of("CHAT_RETENTION_DAYS", "90", "CHAT_RETENTION_CHECK_SECONDS", "60"));
        assertEquals(90, c.retentionDays());
        assertEquals(60, c.retentionCheckSeconds());
    }

    @Test
    void negativeDaysOrANonPositiveCheckPeriodAreRefused() {
        var days = assertThrows(IllegalArgumentException.class,
                () -> ChatConfig.of(Map.of("CHAT_RETENTION_DAYS", "-1")));
        assertTrue(days.getMessage().contains("CHAT_RETENTION_DAYS"), days.getMessage());
        var period = assertThrows(IllegalArgumentException.class,
                () -> ChatConfig.of(Map.of("CHAT_RETENTION_CHECK_SECONDS", "0")));
        assertTrue(period.getMessage().contains("CHAT_RETENTION_CHECK_SECONDS"), period.getMessage());
    }
}
