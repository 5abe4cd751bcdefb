package io.livechat.protocol;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A refusal that maps to one {@link ErrorCode}; thrown for bad input and unavailable stores, never for bugs. */
public final class ChatException extends RuntimeException {

    private static final Logger LOG = LoggerFactory.getLogger(ChatException.class);

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
        if (cause instanceof ChatException ce) {
            return ce;
        }
        if (isStoreFailure(cause)) {
            LOG.debug("store unavailable: {}", cause.toString());
        } else {
            LOG.warn("unexpected failure answered as 'unavailable'", cause);
        }
        return new ChatException(ErrorCode.UNAVAILABLE);
    }

    /**
     * Declares a kind of exception that means a store is down or slow (the Redis store registers its client's
     * exceptions), so that it is answered as {@code unavailable} quietly instead of logged as a bug.
     */
    public static void registerStoreFailure(Class<? extends Throwable> type) {
        STORE_FAILURES.add(type);
    }

    private static final java.util.Set<Class<? extends Throwable>> STORE_FAILURES =
            java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Failures that mean a store is down or slow, as opposed to a bug. */
    private static boolean isStoreFailure(Throwable t) {
        return STORE_FAILURES.stream().anyMatch(type -> type.isInstance(t)) || t instanceof java.sql.SQLException
                || t instanceof java.util.concurrent.TimeoutException
                || t instanceof java.util.concurrent.RejectedExecutionException || t instanceof java.io.IOException;
    }
}
