package io.livechat.server.infra;

import io.livechat.config.ChatConfig;
import io.livechat.security.TokenService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The cluster secret that signs tokens: {@code CHAT_SECRET}, or for a single machine one generated once and kept
 * in the data folder (every process started with the same data folder shares it).
 */
public final class Secrets {

    private Secrets() {
    }

    public static synchronized String resolve(ChatConfig config) {
        if (!config.secret().isEmpty()) {
            return config.secret();
        }
        Path file = config.dataDir().resolve("secret");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.createDirectories(config.dataDir());
            String secret = TokenService.newSecret();
            Files.writeString(file, secret, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the file keeps its default permissions
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret in " + file, e);
        }
    }
}
