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
}
