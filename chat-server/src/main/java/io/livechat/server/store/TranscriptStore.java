package io.livechat.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one batch of transcript entries in one PostgreSQL transaction: upserts its conversations, inserts its
 * messages with a {@link BatchInserter}, commits. Idempotent, so a batch retried after a failure doubles nothing.
 */
public final class TranscriptStore {

    private static final Logger LOG = LoggerFactory.getLogger(TranscriptStore.class);

    private static final String UPSERT_PREFIX = "insert into conversations (conversation_id, site_key, visitor_id,"
            + " agent_id, created_at, last_seq) values ";
    private static final String UPSERT_SUFFIX = " on conflict (conversation_id) do update"
            + " set last_seq = greatest(conversations.last_seq, excluded.last_seq),"
            + " agent_id = coalesce(excluded.agent_id, conversations.agent_id), updated_at = now()"
            // a retried or overlapping batch changes nothing: skip the row (and index) write altogether
            + " where conversations.last_seq < excluded.last_seq"
            + " or conversations.agent_id is distinct from coalesce(excluded.agent_id, conversations.agent_id)";

    /**
     * Rows of conversations erased meanwhile (privacy erasure, retention purge) leave in the same transaction that
     * wrote them: their messages may have been fetched from the hand-off before the erasure cleared it. Erasure
     * records the id before it deletes (and takes the conversation's row lock, which this batch's upsert holds), so
     * whichever commits second sees the other: nothing of an erased conversation stays.
     */
    private static final String DROP_ERASED = "with gone as (select conversation_id from erased_conversations"
            + " where conversation_id = any(?)), m as (delete from messages where conversation_id in"
            + " (select conversation_id from gone)) delete from conversations where conversation_id in"
            + " (select conversation_id from gone)";

    private final DataSource dataSource;
    private final BatchInserter inserter;
    private final Consumer<SeqCollisions.Relocated> relocated;

    public TranscriptStore(DataSource dataSource, BatchInserter inserter) {
        this(dataSource, inserter, r -> { });
    }

    /**
     * @param relocated told, on the calling thread after the commit, of each conversation whose messages were stored
     *                  under new seqs because Redis had given their seqs twice (see {@link SeqCollisions})
     */
    TranscriptStore(DataSource dataSource, BatchInserter inserter, Consumer<SeqCollisions.Relocated> relocated) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.inserter = Objects.requireNonNull(inserter, "inserter");
        this.relocated = Objects.requireNonNull(relocated, "relocated");
    }

    /** Writes the batch in one transaction on the calling thread; returns the message rows inserted. */
    public int write(List<TranscriptEntry> entries) throws SQLException {
        List<TranscriptEntry> unique = distinct(entries);
        if (unique.isEmpty()) {
            return 0;
        }
        List<SeqCollisions.Relocated> moved = List.of();
        int inserted;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                upsertConversations(c, unique);
                inserted = inserter.insert(c, unique);
                if (inserted < unique.size() || !inserter.countsExactly()) {
                    moved = SeqCollisions.relocate(c, unique, inserter);
                }
                dropErased(c, unique);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        }
        for (SeqCollisions.Relocated r : moved) {
            inserted += r.recovered();
            relocated.accept(r);
        }
        return inserted;
    }

    /**
     * Writes each entry in its own transaction, to isolate the few that PostgreSQL refuses as bad data.
     *
     * @return the refused entries; any other failure (an outage) is thrown, so the caller retries everything
     */
    public List<TranscriptEntry> writeEach(List<TranscriptEntry> entries) throws SQLException {
        List<TranscriptEntry> refused = new ArrayList<>();
        for (TranscriptEntry e : entries) {
            try {
                write(List.of(e));
            } catch (SQLException ex) {
                if (!isDataError(ex)) {
                    throw ex;
                }
                LOG.debug("Entry {} refused: {}", e.streamId(), ex.getMessage());
                refused.add(e);
            }
        }
        return refused;
    }

    /**
     * True for errors in the data itself (SQLSTATE classes 22 and 23) that no retry will cure; everything else,
     * including a dropped table, is treated as an outage and retried, so that nothing is thrown away by mistake.
     */
    public static boolean isDataError(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return false;
        }
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /** One row per (conversation, seq): a duplicate inside one statement would only waste work. */
    private static List<TranscriptEntry> distinct(List<TranscriptEntry> entries) {
        Map<String, TranscriptEntry> byKey = new LinkedHashMap<>();
        for (TranscriptEntry e : entries) {
            byKey.putIfAbsent(e.conversationId() + '\u0000' + e.seq(), e);
        }
        return new ArrayList<>(byKey.values());
    }

    private static void upsertConversations(Connection c, List<TranscriptEntry> entries) throws SQLException {
        // Sorted by id: two writers upserting overlapping conversations then lock rows in the same order and
        // cannot deadlock. One row per conversation: ON CONFLICT DO UPDATE refuses to touch a row twice.
        Map<String, ConversationUpdate> byId = new TreeMap<>();
        for (TranscriptEntry e : entries) {
            byId.computeIfAbsent(e.conversationId(), id -> new ConversationUpdate(e)).add(e);
        }
        List<ConversationUpdate> rows = new ArrayList<>(byId.values());
        int chunk = MultiRowValuesInserter.MAX_ROWS_PER_STATEMENT;
        for (int from = 0; from < rows.size(); from += chunk) {
            List<ConversationUpdate> part = rows.subList(from, Math.min(rows.size(), from + chunk));
            String sql = UPSERT_PREFIX + MultiRowValuesInserter.values(part.size(), 6) + UPSERT_SUFFIX;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (ConversationUpdate u : part) {
                    ps.setString(i++, u.first.conversationId());
                    ps.setString(i++, u.first.siteKey());
                    ps.setString(i++, u.first.visitorId());
                    ps.setObject(i++, u.agentId, Types.BIGINT);
                    ps.setObject(i++, MultiRowValuesInserter.timestamp(u.createdAt));
                    ps.setLong(i++, u.lastSeq);
                }
                ps.executeUpdate();
            }
        }
    }

    private static void dropErased(Connection c, List<TranscriptEntry> entries) throws SQLException {
        String[] ids = entries.stream().map(TranscriptEntry::conversationId).distinct().toArray(String[]::new);
        try (PreparedStatement ps = c.prepareStatement(DROP_ERASED)) {
            ps.setArray(1, c.createArrayOf("text", ids));
            ps.executeUpdate();
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.debug("Rollback failed (the connection is probably gone): {}", e.toString());
        }
    }

    /** What one batch says about one conversation: its highest seq, latest agent and earliest message time. */
    private static final class ConversationUpdate {
        final TranscriptEntry first;
        long lastSeq;
        long createdAt = Long.MAX_VALUE;
        long agentSeq = -1;
        Long agentId;

        ConversationUpdate(TranscriptEntry first) {
            this.first = first;
        }

        void add(TranscriptEntry e) {
            lastSeq = Math.max(lastSeq, e.seq());
            createdAt = Math.min(createdAt, e.ts());
            if (e.agentId() != null && e.seq() > agentSeq) {
                agentSeq = e.seq();
                agentId = e.agentId();
            }
        }
    }
}
