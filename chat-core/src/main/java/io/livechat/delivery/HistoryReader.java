package io.livechat.delivery;

import io.livechat.store.SeqEvent;
import io.netty.util.concurrent.EventExecutor;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads a range of a conversation's events from the durable record (PostgreSQL) for a cursor older than the start
 * of the capped log: the agent tier reads it directly, a gateway asks the agent tier over the node bus. The future
 * may complete on any thread; delivery hops back to its event loop before using the result.
 */
@FunctionalInterface
public interface HistoryReader {

    /** No durable record behind the log: every range beyond the log is signalled to the client as a gap. */
    HistoryReader NONE = (conversationId, after, upto, timer) ->
            CompletableFuture.failedFuture(new IllegalStateException("no durable record behind this log"));

    /**
     * Events with {@code after < seq <= upto} that the durable record holds, in seq order (possibly fewer than the
     * range when it lacks some).
     *
     * @param timer the asking connection's event loop, for timing a request that goes over the network
     */
    CompletableFuture<List<SeqEvent>> read(String conversationId, long after, long upto, EventExecutor timer);
}
