package io.livechat.server.store;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hashes and verifies agent passwords with the JDK's PBKDF2WithHmacSHA256, stored as
 * {@code pbkdf2-sha256$<iterations>$<b64 salt>$<b64 hash>}.
 *
 * <p>The iteration count is stored with each hash, so lowering it (tests) or raising it later still verifies the
 * hashes already stored. Thread-safe.
 */
public final class PasswordHasher {

    private static final Logger LOG = LoggerFactory.getLogger(PasswordHasher.class);

    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 210_000;
    static final String SCHEME = "pbkdf2-sha256";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    /** Refuses stored hashes that would make one verification take minutes. */
    private static final int MAX_ITERATIONS = 10_000_000;

    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    public PasswordHasher() {
        this(DEFAULT_ITERATIONS);
    }

    /** @param iterations PBKDF2 rounds for new hashes; tests lower it to stay fast */
    public PasswordHasher(int iterations) {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be 1.." + MAX_ITERATIONS + " but was " + iterations);
        }
        this.iterations = iterations;
    }

    /** A new salted hash of {@code password}; two calls with the same password give different strings. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** True when {@code password} matches {@code encoded}; false for a wrong password or a malformed hash. */
    public boolean verify(String password, String encoded) {
        if (password == null || encoded == null) {
            return false;
        }
        String[] parts = encoded.split("\\$");
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            LOG.warn("Unrecognised password hash format");
            return false;
        }
        try {
            int rounds = Integer.parseInt(parts[1]);
            if (rounds < 1 || rounds > MAX_ITERATIONS) {
                return false;
            }
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            // Constant time, so the response time does not tell how many leading bytes were right.
            return MessageDigest.isEqual(expected, pbkdf2(password, salt, rounds));
        } catch (IllegalArgumentException e) {
            LOG.warn("Malformed password hash: {}", e.getMessage());
            return false;
        }
    }

    public int iterations() {
        return iterations;
    }

    private static byte[] pbkdf2(String password, byte[] salt, int rounds) {
        // The JDK's PBKDF2 encodes the chars as UTF-8, so non-ASCII passwords hash the same on every platform.
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, rounds, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
