package io.livechat.protocol;

/** The machine-readable error codes of docs/PROTOCOL.md, each with the HTTP status it answers with. */
public enum ErrorCode {
    BAD_JSON(400, "the body or frame is not valid JSON"),
    BAD_REQUEST(400, "a required field or parameter is missing or has the wrong type"),
    UNKNOWN_TYPE(400, "unknown frame type"),
    BAD_CLIENT_MSG_ID(400, "clientMsgId must be 1-64 characters of [A-Za-z0-9_-]"),
    MESSAGE_TOO_LARGE(413, "message too large"),
    CURSOR_AHEAD(400, "after is beyond the conversation's last seq"),
    INVALID_TOKEN(401, "invalid token"),
    TOKEN_EXPIRED(401, "token expired"),
    TOKEN_IN_URL(400, "send the token in the Authorization header, never in the URL"),
    INVALID_TICKET(401, "the WebSocket ticket is unknown, already used or expired"),
    BAD_CREDENTIALS(401, "wrong email or password"),
    ORIGIN_NOT_ALLOWED(403, "origin not allowed for this site"),
    UNKNOWN_SITE(403, "unknown site key"),
    NOT_ASSIGNED(403, "conversation not assigned to this agent"),
    FORBIDDEN(403, "this call needs the operator's token, and none is configured"),
    NOT_OWNER(403, "this canned response is another agent's"),
    UNKNOWN_SESSION(404, "no such visitor session"),
    NOT_FOUND(404, "not found"),
    METHOD_NOT_ALLOWED(405, "method not allowed"),
    CONFLICT(409, "already exists"),
    TAG_REQUIRED(409, "closing needs at least one tag on the conversation"),
    DRAINING(503, "node is draining"),
    BUSY(503, "too many logins at once; retry in a moment"),
    UNAVAILABLE(503, "a backing store is unreachable; nothing was accepted, retry");

    private final int status;
    private final String defaultMessage;

    ErrorCode(int status, String defaultMessage) {
        this.status = status;
        this.defaultMessage = defaultMessage;
    }

    public int status() {
        return status;
    }

    public String defaultMessage() {
        return defaultMessage;
    }

    /** The wire spelling, e.g. {@code unknown_session}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
