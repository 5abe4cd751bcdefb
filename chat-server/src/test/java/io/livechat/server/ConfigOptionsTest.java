package io.livechat.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's settings: CHAT_LOG_LEVEL works from a flag and from the properties file, like every key. */
class ConfigOptionsTest {

    private final org.slf4j.Logger ours = LoggerFactory.getLogger("io.livechat.server.SomeClass");

    @AfterEach
    void restore() throws Exception {
        load("--set", "CHAT_LOG_LEVEL=INFO");
    }

    private static void load(String... args) throws Exception {
        Main.Run run = new Main.Run();
        new CommandLine(run).parseArgs(args);
        run.options.load();
    }

    @Test
    void theLogLevelIsTakenFromASetFlag() throws Exception {
        assertFalse(ours.isDebugEnabled());
        load("--set", "CHAT_LOG_LEVEL=DEBUG");
        assertTrue(ours.isDebugEnabled());
    }

    @Test
    void theLogLevelIsTakenFromThePropertiesFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("chat.properties");
        Files.writeString(file, "CHAT_LOG_LEVEL=WARN\n");
        load("--config", file.toString());
        assertFalse(ours.isInfoEnabled());
        assertTrue(ours.isWarnEnabled());
    }

    @Test
    void anUnknownLevelIsRefused() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> load("--set", "CHAT_LOG_LEVEL=LOUD"));
        assertTrue(e.getMessage().contains("CHAT_LOG_LEVEL"), e.getMessage());
        assertEquals(true, ours.isInfoEnabled());
    }

    @Test
    void closingRequiresATagOnlyWhenSetAndTheSettingIsTrueOrFalse() throws Exception {
        Main.Run run = new Main.Run();
        new CommandLine(run).parseArgs("--set", "CHAT_CLOSE_REQUIRES_TAG=true");
        assertTrue(run.options.load().closeRequiresTag());
        Main.Run plain = new Main.Run();
        new CommandLine(plain).parseArgs();
        assertFalse(plain.options.load().closeRequiresTag(), "off by default");
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> load("--set", "CHAT_CLOSE_REQUIRES_TAG=yes"));
        assertTrue(e.getMessage().contains("CHAT_CLOSE_REQUIRES_TAG"), e.getMessage());
    }
}
