package io.livechat.store;

import java.util.concurrent.CompletableFuture;

/**
 * Visitor sessions: which conversation and site a session id belongs to, and what the visitor told about
 * themselves. Written once at creation; expires after the session lifetime, or is deleted on erasure.
 */
public interface VisitorSessions {

    /** Stores a new session. */
    CompletableFuture<Void> create(String sid, VisitorRecord visitor);

    /** The session, or null when it does not exist (never created, or expired). */
    CompletableFuture<VisitorRecord> find(String sid);

    /** Deletes the session (privacy erasure); true when it existed. */
    CompletableFuture<Boolean> delete(String sid);
}
