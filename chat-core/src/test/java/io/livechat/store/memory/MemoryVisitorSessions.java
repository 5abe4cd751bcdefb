package io.livechat.store.memory;

import io.livechat.store.VisitorRecord;
import io.livechat.store.VisitorSessions;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@link VisitorSessions} in memory; a session is gone once its lifetime has passed on the clock. */
public final class MemoryVisitorSessions implements VisitorSessions {

    private record Stored(VisitorRecord visitor, long expiresAt) {
    }

    private final Clock clock;
    private final long ttlMillis;
    private final Map<String, Stored> sessions = new HashMap<>();

    public MemoryVisitorSessions(Clock clock, int sessionTtlDays) {
        this.clock = clock;
        this.ttlMillis = Duration.ofDays(sessionTtlDays).toMillis();
    }

    @Override
    public synchronized CompletableFuture<Void> create(String sid, VisitorRecord visitor) {
        sessions.put(sid, new Stored(visitor, clock.millis() + ttlMillis));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletableFuture<VisitorRecord> find(String sid) {
        Stored s = sessions.get(sid);
        if (s != null && s.expiresAt() <= clock.millis()) {
            sessions.remove(sid);
            s = null;
        }
        return CompletableFuture.completedFuture(s == null ? null : s.visitor());
    }

    @Override
    public synchronized CompletableFuture<Boolean> delete(String sid) {
        Stored s = sessions.remove(sid);
        return CompletableFuture.completedFuture(s != null && s.expiresAt() > clock.millis());
    }
}
