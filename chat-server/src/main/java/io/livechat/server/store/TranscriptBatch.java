package io.livechat.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.StreamMessage;

/**
 * One batch read from the transcript stream: every stream id to acknowledge once stored, and the entries among
 * them that can be stored (malformed entries are logged, counted and only acknowledged).
 *
 * @param ids     stream ids of every entry read, stored or not
 * @param entries the parsed entries to write
 */
record TranscriptBatch(String[] ids, List<TranscriptEntry> entries) {

    private static final Logger LOG = LoggerFactory.getLogger(TranscriptBatch.class);

    static final TranscriptBatch EMPTY = new TranscriptBatch(new String[0], List.of());

    static TranscriptBatch of(List<StreamMessage<String, String>> messages, WriterMetrics metrics) {
        if (messages.isEmpty()) {
            return EMPTY;
        }
        String[] ids = new String[messages.size()];
        List<TranscriptEntry> entries = new ArrayList<>(messages.size());
        for (int i = 0; i < ids.length; i++) {
            StreamMessage<String, String> m = messages.get(i);
            ids[i] = m.getId();
            Map<String, String> body = m.getBody();
            if (body == null || body.isEmpty()) {
                // Deleted from the stream after delivery: it was stored already, only the ack is missing.
                continue;
            }
            try {
                entries.add(TranscriptEntry.fromStream(m.getId(), body));
            } catch (IllegalArgumentException e) {
                // Retrying cannot fix it, and keeping it would stall every later message behind it.
                LOG.error("Malformed transcript entry {} dropped: {} {}", m.getId(), e.getMessage(), body);
                metrics.rejected.increment();
            }
        }
        return new TranscriptBatch(ids, entries);
    }

    boolean isEmpty() {
        return ids.length == 0;
    }
}
