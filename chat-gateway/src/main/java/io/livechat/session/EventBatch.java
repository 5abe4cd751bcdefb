package io.livechat.session;

import io.livechat.store.SeqEvent;

import java.util.List;

/**
 * What a session can hand a connection right now: events from memory, or the range it must first read from the
 * Redis log because the connection's cursor is older than the in-memory buffer.
 *
 * @param events     events after the cursor, in order (empty when {@code fetchUpto > 0})
 * @param fetchUpto  when positive: read {@code (cursor, fetchUpto]} from the log first
 */
public record EventBatch(List<SeqEvent> events, long fetchUpto) {

    public static final EventBatch EMPTY = new EventBatch(List.of(), 0);

    public boolean needsFetch() {
        return fetchUpto > 0;
    }
}
