package io.livechat.store;

import java.util.List;
import java.util.Map;

/**
 * The durable hand-off of accepted messages to the transcript writers: every accepted message is in it until a
 * writer acknowledges it after the PostgreSQL commit; entries of a writer that died are claimed by another.
 *
 * <p>Blocking calls, for the writer's own thread only. Any call may throw a {@link RuntimeException} when the
 * store is unreachable; the caller then calls {@link #reset()} and retries later.
 */
public interface TranscriptHandoff extends AutoCloseable {

    /** Field names of one entry. */
    String F_CONV = "conv";
    String F_SEQ = "seq";
    String F_CLIENT_MSG_ID = "cmid";
    String F_FROM = "from";
    String F_SENDER_ID = "sender";
    String F_SENDER_NAME = "sname";
    String F_TEXT = "text";
    String F_TS = "ts";
    String F_SITE = "site";
    String F_VISITOR = "visitor";
    String F_AGENT = "agent";

    /**
     * Up to the batch size of entries: first those handed to this writer before its start or its last
     * {@link #reset()}, or claimed from a dead writer, and never acknowledged; else new ones (waits briefly). The
     * caller acknowledges a batch, or resets, before fetching the next: without that, the batch's entries may or
     * may not come again.
     */
    List<Entry> fetch();

    /** Acknowledges stored entries; called only after their commit. */
    void acknowledge(List<Entry> entries);

    /** After a failure: re-reads this writer's unacknowledged entries and re-creates what the store lost. */
    void reset();

    /** How many entries have been handed to writers and not acknowledged yet (all writers). */
    long pending();

    @Override
    void close();

    /**
     * How a writer reads the hand-off.
     *
     * @param writerId     the writer's id (its node id): its unacknowledged entries are its own
     * @param maxBatch     most entries one {@link #fetch()} returns
     * @param claimMinIdle entries another writer has held unacknowledged this long are claimed (it died)
     * @param claimEvery   how often to look for such entries
     */
    record Options(String writerId, int maxBatch, java.time.Duration claimMinIdle, java.time.Duration claimEvery) {
    }

    /**
     * One accepted message in the hand-off.
     *
     * @param shard  the part of the hand-off it came from
     * @param id     its id there
     * @param fields the message's fields (the {@code F_*} names); empty when only the acknowledgement is missing
     */
    record Entry(String shard, String id, Map<String, String> fields) {
    }
}
