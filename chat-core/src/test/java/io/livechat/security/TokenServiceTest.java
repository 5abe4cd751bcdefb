package io.livechat.security;

import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TokenServiceTest {

    private final TokenService tokens = new TokenService("a-secret-of-enough-length", Duration.ofDays(1),
            Clock.systemUTC());

    private static ErrorCode refusal(Runnable r) {
        return assertThrows(ChatException.class, r::run).code();
    }

    @Test
    void aVisitorTokenCarriesItsSessionAndSite() {
        TokenService.VisitorClaims c = tokens.verifyVisitor(tokens.issueVisitor("sid123", "demo"));
        assertEquals("sid123", c.sid());
        assertEquals("demo", c.siteKey());
    }

    @Test
    void tamperedTokensAreInvalid() {
        String t = tokens.issueVisitor("sid123", "demo");
        assertEquals(ErrorCode.INVALID_TOKEN, refusal(() -> tokens.verifyVisitor(t.replace("sid123", "sid124"))));
        assertEquals(ErrorCode.INVALID_TOKEN, refusal(() -> tokens.verifyVisitor(t + "x")));
        assertEquals(ErrorCode.INVALID_TOKEN, refusal(() -> tokens.verifyVisitor("garbage")));
        assertEquals(ErrorCode.INVALID_TOKEN, refusal(() -> tokens.verifyVisitor(null)));
    }

    @Test
    void anotherSecretOrPurposeDoesNotVerify() {
        TokenService other = new TokenService("another-secret-of-length", Duration.ofDays(1), Clock.systemUTC());
        assertEquals(ErrorCode.INVALID_TOKEN,
                refusal(() -> tokens.verifyVisitor(other.issueVisitor("sid", "demo"))));
        String agent = tokens.issueAgent(7);
        assertEquals(7, tokens.verifyAgent(agent));
        assertEquals(ErrorCode.INVALID_TOKEN, refusal(() -> tokens.verifyVisitor(agent)));
    }

    @Test
    void expiredTokensAreRefusedAsExpired() {
        TokenService past = new TokenService("a-secret-of-enough-length", Duration.ofDays(1),
                Clock.offset(Clock.systemUTC(), Duration.ofDays(-2)));
        assertEquals(ErrorCode.TOKEN_EXPIRED, refusal(() -> tokens.verifyVisitor(past.issueVisitor("s", "demo"))));
    }

    @Test
    void idsAreUnguessable() {
        assertEquals(22, TokenService.newId().length());
        assertNotEquals(TokenService.newId(), TokenService.newId());
    }
}
