package io.livechat.server.api;

import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Who may call the privacy routes: the operator's token only, and nobody while none is configured. */
class PrivacyApiTest {

    private static HttpRequest request(HttpMethod method, String path, String authorization) {
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, path);
        if (authorization != null) {
            r.headers().set(HttpHeaderNames.AUTHORIZATION, authorization);
        }
        return r;
    }

    private static ErrorCode refusal(PrivacyApi api, HttpRequest req) {
        return assertThrows(ChatException.class, () -> api.handle(req, req.uri())).code();
    }

    @Test
    void withoutAConfiguredTokenEveryCallIsForbiddenWhateverItCarries() {
        PrivacyApi api = new PrivacyApi(null, null, "");
        assertEquals(ErrorCode.FORBIDDEN, refusal(api, request(HttpMethod.DELETE, "/api/visitors/s1", null)));
        assertEquals(ErrorCode.FORBIDDEN, refusal(api, request(HttpMethod.GET, "/api/visitors/s1/export",
                "Bearer ")));
    }

    @Test
    void aMissingOrWrongTokenIsInvalidBeforeAnythingElseIsChecked() {
        PrivacyApi api = new PrivacyApi(null, null, "operator-secret");
        assertEquals(ErrorCode.INVALID_TOKEN, refusal(api, request(HttpMethod.PUT, "/api/visitors/s1", null)));
        assertEquals(ErrorCode.INVALID_TOKEN, refusal(api, request(HttpMethod.DELETE, "/api/visitors/s1",
                "Bearer operator-secreT")));
        assertEquals(ErrorCode.INVALID_TOKEN, refusal(api, request(HttpMethod.DELETE, "/api/visitors/s1",
                "operator-secret")));
    }

    @Test
    void theRightTokenReachesMethodAndPathChecks() {
        PrivacyApi api = new PrivacyApi(null, null, "operator-secret");
        String auth = "Bearer operator-secret";
        assertEquals(ErrorCode.METHOD_NOT_ALLOWED, refusal(api, request(HttpMethod.PUT, "/api/visitors/s1", auth)));
        assertEquals(ErrorCode.METHOD_NOT_ALLOWED,
                refusal(api, request(HttpMethod.DELETE, "/api/visitors/s1/export", auth)));
        assertEquals(ErrorCode.NOT_FOUND, refusal(api, request(HttpMethod.DELETE, "/api/visitors/", auth)));
        assertEquals(ErrorCode.NOT_FOUND, refusal(api, request(HttpMethod.DELETE, "/api/visitors/a/b", auth)));
    }
}
