package io.livechat.server.api;

import static io.livechat.http.HttpRequests.requireMethod;

import io.livechat.http.HttpRequests;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.livechat.server.privacy.VisitorErasure;
import io.livechat.server.privacy.VisitorExport;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;

import java.util.concurrent.CompletableFuture;

/**
 * The privacy calls of the agent REST API, {@code GET /api/visitors/{sid}/export} and
 * {@code DELETE /api/visitors/{sid}}, for the operator only: they need {@code Authorization: Bearer} with the
 * operator's token ({@code CHAT_ADMIN_TOKEN}); without a configured token they are refused with {@code forbidden}.
 * No agent token opens them: until agents have roles, any agent could otherwise read or erase any visitor, and
 * a later admin role can be let in here (the one place that decides).
 */
public final class PrivacyApi {

    static final String PREFIX = "/api/visitors/";
    private static final String EXPORT = "/export";

    private final VisitorExport export;
    private final VisitorErasure erasure;
    private final String adminToken;

    public PrivacyApi(VisitorExport export, VisitorErasure erasure, String adminToken) {
        this.export = export;
        this.erasure = erasure;
        this.adminToken = adminToken;
    }

    /** Whether {@code path} is one of these calls. */
    static boolean matches(String path) {
        return path.startsWith(PREFIX);
    }

    /** Authorises, then exports or erases; throws {@link ChatException} for a refusal. */
    CompletableFuture<String> handle(HttpRequest req, String path) {
        authorise(req);
        String rest = path.substring(PREFIX.length());
        boolean isExport = rest.endsWith(EXPORT);
        String sid = isExport ? rest.substring(0, rest.length() - EXPORT.length()) : rest;
        if (sid.isEmpty() || sid.contains("/")) {
            throw new ChatException(ErrorCode.NOT_FOUND, "no such path " + path);
        }
        if (isExport) {
            requireMethod(req, HttpMethod.GET);
            return export.export(sid);
        }
        requireMethod(req, HttpMethod.DELETE);
        return erasure.erase(sid);
    }

    private void authorise(HttpRequest req) {
        if (adminToken.isEmpty()) {
            throw new ChatException(ErrorCode.FORBIDDEN, "set CHAT_ADMIN_TOKEN to use the privacy calls");
        }
        if (!HttpRequests.hasBearer(req, adminToken)) {
            throw new ChatException(ErrorCode.INVALID_TOKEN, "the operator's token is required");
        }
    }
}
