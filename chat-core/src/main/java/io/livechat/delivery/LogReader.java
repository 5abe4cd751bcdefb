package io.livechat.delivery;

import io.livechat.store.SeqEvent;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads a conversation's events from the recoverable log: the one way delivery reaches the store. The future may
 * complete on any thread (a Redis I/O thread); delivery hops back to its event loop before using the result.
 */
@FunctionalInterface
public interface LogReader {

    /** Events with {@code after < seq <= upto} ({@code upto < 0}: no upper bound), in seq order. */
    CompletableFuture<List<SeqEvent>> read(String conversationId, long after, long upto);

    /** The durable record behind this log, for ranges older than its start; none unless given one. */
    default HistoryReader history() {
        return HistoryReader.NONE;
    }

    /** {@code log}, with {@code history} behind it. */
    static LogReader withHistory(LogReader log, HistoryReader history) {
        return new LogReader() {
            @Override
            public CompletableFuture<List<SeqEvent>> read(String conversationId, long after, long upto) {
                return log.read(conversationId, after, upto);
            }

            @Override
            public HistoryReader history() {
                return history;
            }
        };
    }
}
