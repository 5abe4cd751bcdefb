package io.livechat.security;

import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks HMAC-SHA256-signed tokens: visitor tokens ({@code v1.sid.site.exp.sig}) and agent tokens
 * ({@code a1.agentId.exp.sig}); each purpose signs with its own key derived from the cluster secret.
 */
public final class TokenService {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] visitorKey;
    private final byte[] agentKey;
    private final Duration ttl;
    private final Clock clock;

    public TokenService(String secret, Duration ttl, Clock clock) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("the token secret must be at least 16 characters");
        }
        this.visitorKey = hmac(secret.getBytes(StandardCharsets.UTF_8), "visitor-token");
        this.agentKey = hmac(secret.getBytes(StandardCharsets.UTF_8), "agent-token");
        this.ttl = ttl;
        this.clock = clock;
    }

    /** 128 random bits, URL-safe: session and conversation ids. */
    public static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }

    /** A fresh random secret for a single-machine install. */
    public static String newSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }

    public String issueVisitor(String sid, String siteKey) {
        String body = "v1." + sid + "." + siteKey + "." + expiry();
        return body + "." + sign(visitorKey, body);
    }

    /** Checks a visitor token and returns its claims; {@code invalid_token} or {@code token_expired} otherwise. */
    public VisitorClaims verifyVisitor(String token) {
        String[] p = split(token, 5, "v1");
        long exp = verify(visitorKey, token, p);
        return new VisitorClaims(p[1], p[2], exp);
    }

    public String issueAgent(long agentId) {
        String body = "a1." + agentId + "." + expiry();
        return body + "." + sign(agentKey, body);
    }

    /** Checks an agent token and returns the agent id. */
    public long verifyAgent(String token) {
        String[] p = split(token, 4, "a1");
        verify(agentKey, token, p);
        try {
            return Long.parseLong(p[1]);
        } catch (NumberFormatException e) {
            throw new ChatException(ErrorCode.INVALID_TOKEN);
        }
    }

    private long expiry() {
        return clock.instant().plus(ttl).getEpochSecond();
    }

    private static String[] split(String token, int parts, String version) {
        if (token == null || token.isEmpty()) {
            throw new ChatException(ErrorCode.INVALID_TOKEN, "missing token");
        }
        String[] p = token.split("\\.", -1);
        if (p.length != parts || !p[0].equals(version)) {
            throw new ChatException(ErrorCode.INVALID_TOKEN, "malformed token");
        }
        return p;
    }

    private long verify(byte[] key, String token, String[] p) {
        String body = token.substring(0, token.lastIndexOf('.'));
        byte[] expected = sign(key, body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = p[p.length - 1].getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new ChatException(ErrorCode.INVALID_TOKEN, "bad token signature");
        }
        long exp;
        try {
            exp = Long.parseLong(p[p.length - 2]);
        } catch (NumberFormatException e) {
            throw new ChatException(ErrorCode.INVALID_TOKEN, "malformed token");
        }
        if (exp < clock.instant().getEpochSecond()) {
            throw new ChatException(ErrorCode.TOKEN_EXPIRED);
        }
        return exp;
    }

    private static String sign(byte[] key, String body) {
        return B64.encodeToString(hmac(key, body));
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** What a valid visitor token says. */
    public record VisitorClaims(String sid, String siteKey, long expiresEpochSeconds) {
    }
}
