package io.livechat.delivery;

import io.livechat.store.SeqEvent;

import java.util.List;

/**
 * What a feed can hand a cursor right now: events from memory, or the range the cursor must first read from the
 * log because it is older than what memory holds.
 *
 * @param events    events after the cursor, in order (empty when {@code fetchUpto > 0})
 * @param fetchUpto when positive: read {@code (cursor, fetchUpto]} from the log first
 */
public record EventBatch(List<SeqEvent> events, long fetchUpto) {

    public static final EventBatch EMPTY = new EventBatch(List.of(), 0);

    static EventBatch fetch(long upto) {
        return new EventBatch(List.of(), upto);
    }

    public boolean needsFetch() {
        return fetchUpto > 0;
    }
}
