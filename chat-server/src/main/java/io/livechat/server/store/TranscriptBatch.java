package io.livechat.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.livechat.store.TranscriptHandoff;

/**
 * One batch read from the transcript hand-off: every entry to acknowledge once stored, and those among them that
 * can be stored (malformed entries are logged, counted and only acknowledged).
 *
 * @param read    every entry read, stored or not
 * @param entries the parsed entries to write
 */
record TranscriptBatch(List<TranscriptHandoff.Entry> read, List<TranscriptEntry> entries) {

    private static final Logger LOG = LoggerFactory.getLogger(TranscriptBatch.class);

    static final TranscriptBatch EMPTY = new TranscriptBatch(List.of(), List.of());

    static TranscriptBatch of(List<TranscriptHandoff.Entry> messages, WriterMetrics metrics) {
        if (messages.isEmpty()) {
            return EMPTY;
        }
        List<TranscriptEntry> entries = new ArrayList<>(messages.size());
        for (TranscriptHandoff.Entry m : messages) {
            Map<String, String> body = m.fields();
            if (body == null || body.isEmpty()) {
                // Deleted from the stream after delivery: it was stored already, only the ack is missing.
                continue;
            }
            try {
                entries.add(TranscriptEntry.fromStream(m.id(), body));
            } catch (IllegalArgumentException e) {
                // Retrying cannot fix it, and keeping it would stall every later message behind it.
                LOG.error("Malformed transcript entry {} dropped: {} {}", m.id(), e.getMessage(), body);
                metrics.rejected.increment();
            }
        }
        return new TranscriptBatch(messages, entries);
    }

    boolean isEmpty() {
        return read.isEmpty();
    }
}
