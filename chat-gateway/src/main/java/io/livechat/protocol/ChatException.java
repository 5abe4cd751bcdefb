package io.livechat.protocol;

/** A refusal that maps to one {@link ErrorCode}; thrown for bad input and unavailable stores, never for bugs. */
public final class ChatException extends RuntimeException {

    private final ErrorCode code;

    public ChatException(ErrorCode code) {
        this(code, code.defaultMessage());
    }

    public ChatException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** Unwraps completion wrappers and maps unexpected store failures to {@link ErrorCode#UNAVAILABLE}. */
    public static ChatException from(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof ChatException ce ? ce : new ChatException(ErrorCode.UNAVAILABLE);
    }
}
