package io.livechat.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Unit tests of {@link PasswordHasher}. */
class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(1_000);

    @Test
    void rightPasswordVerifies() {
        String hash = hasher.hash("correct horse");
        assertTrue(hasher.verify("correct horse", hash));
    }

    @Test
    void wrongPasswordDoesNotVerify() {
        String hash = hasher.hash("correct horse");
        assertFalse(hasher.verify("correct horsf", hash));
        assertFalse(hasher.verify("", hash));
    }

    @Test
    void twoHashesOfOnePasswordDifferButBothVerify() {
        String a = hasher.hash("same");
        String b = hasher.hash("same");
        assertNotEquals(a, b);
        assertTrue(hasher.verify("same", a));
        assertTrue(hasher.verify("same", b));
    }

    @Test
    void hashHasTheDocumentedFormat() {
        String[] parts = new PasswordHasher().hash("x").split("\\$");
        assertEquals(4, parts.length);
        assertEquals("pbkdf2-sha256", parts[0]);
        assertEquals("210000", parts[1]);
        assertEquals(16, java.util.Base64.getDecoder().decode(parts[2]).length);
        assertEquals(32, java.util.Base64.getDecoder().decode(parts[3]).length);
    }

    @Test
    void hashMadeWithOtherIterationsStillVerifies() {
        String hash = new PasswordHasher(2_000).hash("pw");
        assertTrue(hasher.verify("pw", hash));
    }

    @Test
    void malformedHashNeverVerifies() {
        assertFalse(hasher.verify("pw", "plain-text"));
        assertFalse(hasher.verify("pw", "pbkdf2-sha256$abc$AAAA$AAAA"));
        assertFalse(hasher.verify("pw", "pbkdf2-sha256$1000$not base64!$AAAA"));
        assertFalse(hasher.verify(null, hasher.hash("pw")));
    }
}
