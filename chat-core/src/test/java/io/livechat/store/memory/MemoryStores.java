package io.livechat.store.memory;

import io.livechat.store.Stores;

import java.time.Clock;

/** Builds every store port in memory, sharing their state as the Redis ports share one Redis. */
public final class MemoryStores {

    /** As in {@code ChatConfig}'s defaults. */
    public static final int DEFAULT_HISTORY_CAP = 1000;
    public static final int DEFAULT_SESSION_TTL_DAYS = 30;
    public static final int DEFAULT_LEASE_SECONDS = 60;

    private MemoryStores() {
    }

    /** With the system clock and the default sizes. */
    public static Stores create() {
        return create(Clock.systemUTC(), DEFAULT_HISTORY_CAP, DEFAULT_SESSION_TTL_DAYS, DEFAULT_LEASE_SECONDS);
    }

    /**
     * @param clock          decides when leases and sessions expire (a {@link ManualClock} lets a test say so)
     * @param historyCap     events kept per conversation log
     * @param sessionTtlDays how long visitor sessions live
     * @param leaseSeconds   lifetime of a session's or a desk's lease unless renewed
     */
    public static Stores create(Clock clock, int historyCap, int sessionTtlDays, int leaseSeconds) {
        MemorySessionRegistry registry = new MemorySessionRegistry(clock, leaseSeconds);
        MemoryTranscripts transcripts = new MemoryTranscripts(clock);
        MemoryNodeChannels.Broker broker = new MemoryNodeChannels.Broker();
        return new Stores(new MemoryConversationStore(clock, historyCap, registry, transcripts),
                new MemoryVisitorSessions(clock, sessionTtlDays), registry,
                new MemoryAgentPresence(clock, leaseSeconds), new MemorySiteDirectory(),
                () -> new MemoryNodeChannels(broker),
                options -> new MemoryTranscriptHandoff(transcripts, clock, options), new MemorySocketTickets(clock));
    }
}
