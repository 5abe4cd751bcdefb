package io.livechat.store.memory;

import io.livechat.store.TranscriptHandoff.Entry;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hand-off as one in-memory stream with one group of writers, like a Redis stream and its consumer group:
 * entries are delivered once to one writer and stay pending for it until acknowledged (then deleted), or until
 * another writer claims them after they were idle long enough.
 */
public final class MemoryTranscripts {

    /** The name every entry's {@link Entry#shard()} carries. */
    public static final String STREAM = "memory-transcripts";

    private record Delivery(String writer, long atMillis) {
    }

    private final Clock clock;
    // every entry not yet acknowledged, in order (ids count up); those delivered to a writer are also in pending,
    // and only those can be acknowledged, so every entry above lastDelivered is still here
    private final LinkedHashMap<String, Map<String, String>> entries = new LinkedHashMap<>();
    private final Map<String, Delivery> pending = new LinkedHashMap<>();
    private long lastId;
    private long lastDelivered;

    public MemoryTranscripts(Clock clock) {
        this.clock = clock;
    }

    /** Adds an accepted message (the conversation store calls this). */
    synchronized void add(Map<String, String> fields) {
        entries.put(String.valueOf(++lastId), Map.copyOf(fields));
        notifyAll();
    }

    /** Up to {@code max} entries delivered to {@code writer} and not acknowledged, in order. */
    synchronized List<Entry> ownPending(String writer, int max) {
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<String, Delivery> p : pending.entrySet()) {
            if (out.size() == max) {
                break;
            }
            if (p.getValue().writer().equals(writer)) {
                p.setValue(new Delivery(writer, clock.millis()));
                // an entry erased meanwhile comes back empty, as a deleted stream entry does from Redis
                out.add(new Entry(STREAM, p.getKey(), entries.getOrDefault(p.getKey(), Map.of())));
            }
        }
        return out;
    }

    /** Up to {@code max} entries never delivered, now pending for {@code writer}; waits up to {@code wait}. */
    synchronized List<Entry> next(String writer, int max, Duration wait) throws InterruptedException {
        if (lastId == lastDelivered) {
            wait(wait.toMillis()); // real time: a writer thread waiting for new messages, not a lease
        }
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : entries.entrySet()) {
            long id = Long.parseLong(e.getKey());
            if (out.size() == max) {
                break;
            }
            if (id > lastDelivered) {
                lastDelivered = id;
                pending.put(e.getKey(), new Delivery(writer, clock.millis()));
                out.add(new Entry(STREAM, e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    /** Moves up to {@code max} entries idle for at least {@code minIdle} to {@code writer}; how many it took. */
    synchronized int claim(String writer, Duration minIdle, int max) {
        long now = clock.millis();
        int n = 0;
        for (Map.Entry<String, Delivery> p : pending.entrySet()) {
            if (n == max) {
                break;
            }
            if (now - p.getValue().atMillis() >= minIdle.toMillis()) {
                p.setValue(new Delivery(writer, now));
                n++;
            }
        }
        return n;
    }

    /** Deletes the entries of one conversation (erased); how many it deleted. */
    synchronized int removeConversation(String conversationId) {
        int before = entries.size();
        entries.values().removeIf(fields -> conversationId.equals(fields.get("conv")));
        return before - entries.size();
    }

    /** Acknowledges and deletes entries. */
    synchronized void acknowledge(List<Entry> acknowledged) {
        for (Entry e : acknowledged) {
            if (pending.remove(e.id()) != null) {
                entries.remove(e.id());
            }
        }
    }

    /** Entries delivered and not yet acknowledged, all writers. */
    synchronized long pendingCount() {
        return pending.size();
    }

    /** Every entry not yet acknowledged, delivered or not (for tests). */
    public synchronized List<Map<String, String>> unacknowledged() {
        return List.copyOf(entries.values());
    }
}
