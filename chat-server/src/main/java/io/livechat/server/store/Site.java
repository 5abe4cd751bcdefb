package io.livechat.server.store;

import java.util.List;
import java.util.Objects;

/**
 * A customer website that may embed the widget.
 *
 * @param siteKey        the public key the widget sends
 * @param name           a name for humans
 * @param allowedOrigins browser origins (e.g. {@code https://shop.example}) allowed to open sessions
 */
public record Site(String siteKey, String name, List<String> allowedOrigins) {

    /** Copies the origins so that a record, once built, cannot change under a reader. */
    public Site {
        Objects.requireNonNull(siteKey, "siteKey");
        Objects.requireNonNull(name, "name");
        allowedOrigins = List.copyOf(allowedOrigins);
        if (siteKey.isBlank()) {
            throw new IllegalArgumentException("siteKey must not be blank");
        }
    }
}
