package io.livechat.store.memory;

import io.livechat.security.TokenService;
import io.livechat.store.SocketTickets;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@link SocketTickets} in memory; a ticket is gone once redeemed or once its lifetime has passed on the clock. */
public final class MemorySocketTickets implements SocketTickets {

    private record Stored(String credential, long expiresAt) {
    }

    private final Clock clock;
    private final Map<String, Stored> tickets = new HashMap<>();

    public MemorySocketTickets(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized CompletableFuture<String> issue(String credential, Duration ttl) {
        String ticket = TokenService.newId();
        tickets.put(ticket, new Stored(credential, clock.millis() + ttl.toMillis()));
        return CompletableFuture.completedFuture(ticket);
    }

    @Override
    public synchronized CompletableFuture<String> redeem(String ticket) {
        Stored s = tickets.remove(ticket);
        return CompletableFuture.completedFuture(s == null || s.expiresAt() <= clock.millis() ? null : s.credential());
    }
}
