package io.livechat.server.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an accepted message that PostgreSQL would otherwise skip because another message already holds its seq.
 *
 * <p>That happens only when Redis gave a seq a second time: a failover to a replica that had not got the latest
 * writes (asynchronous replication), or a conversation restored from PostgreSQL while a batch that the writer had
 * read earlier was still on its way. {@code ON CONFLICT DO NOTHING} alone would drop such a message silently. Here
 * the colliding message, and every message of its conversation after it in the batch, are stored after the highest
 * seq PostgreSQL holds, in their order, so the durable record keeps each message once, in acceptance order, and no
 * seq names two messages. The caller then has Redis's log put on a new epoch ({@link Relocated}).
 *
 * <p>Runs inside the batch's transaction, only when the insert skipped rows (rare: a retried batch also skips rows,
 * and those are told apart by their {@code clientMsgId}, which PostgreSQL holds already).
 */
final class SeqCollisions {

    private static final Logger LOG = LoggerFactory.getLogger(SeqCollisions.class);

    // xmin against the current transaction id: rows this very transaction inserted (txid_current carries an epoch)
    private static final String STORED = "select client_msg_id, xmin::text = (txid_current() % 4294967296)::text"
            + " from messages where conversation_id = ? and client_msg_id = any(?)";
    private static final String UNDO = "delete from messages where conversation_id = ? and client_msg_id = any(?)";
    private static final String LOCK = "select 1 from conversations where conversation_id = ? for update";
    private static final String MAX = "select coalesce(max(seq), 0) from messages where conversation_id = ?";
    private static final String LAST = "update conversations set last_seq = greatest(last_seq, ?), updated_at = now()"
            + " where conversation_id = ?";

    /**
     * A conversation whose messages were stored under other seqs than Redis gave them.
     *
     * @param conversationId the conversation
     * @param redisSeq       the highest seq Redis had given among this batch's messages of the conversation
     * @param lastSeq        the highest seq PostgreSQL holds for it now
     * @param moved          how many messages were stored under a new seq
     * @param recovered      how many of them the insert had skipped (the others it had stored, and were moved)
     */
    record Relocated(String conversationId, long redisSeq, long lastSeq, int moved, int recovered) {
    }

    private SeqCollisions() {
    }

    /** Finds the batch's messages that PostgreSQL skipped for their seq and stores them anew; see the class. */
    static List<Relocated> relocate(Connection c, List<TranscriptEntry> batch, BatchInserter inserter)
            throws SQLException {
        Map<String, List<TranscriptEntry>> byConversation = new TreeMap<>(); // sorted: a fixed lock order
        for (TranscriptEntry e : batch) {
            byConversation.computeIfAbsent(e.conversationId(), k -> new ArrayList<>()).add(e);
        }
        List<Relocated> relocated = new ArrayList<>();
        for (Map.Entry<String, List<TranscriptEntry>> conv : byConversation.entrySet()) {
            Relocated r = relocate(c, conv.getKey(), conv.getValue(), inserter);
            if (r != null) {
                relocated.add(r);
            }
        }
        return relocated;
    }

    private static Relocated relocate(Connection c, String conversationId, List<TranscriptEntry> entries,
                                      BatchInserter inserter) throws SQLException {
        Map<String, Boolean> stored = stored(c, conversationId, entries); // clientMsgId -> inserted just now
        List<TranscriptEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(TranscriptEntry::seq));
        long firstSkipped = sorted.stream().filter(e -> !stored.containsKey(e.clientMsgId()))
                .mapToLong(TranscriptEntry::seq).min().orElse(-1);
        if (firstSkipped < 0) {
            return null; // every message is stored: the skipped rows were a retry's
        }
        // the skipped message and what came after it, minus what an earlier transaction had stored already
        List<TranscriptEntry> run = sorted.stream().filter(e -> e.seq() >= firstSkipped)
                .filter(e -> stored.getOrDefault(e.clientMsgId(), true)).toList();
        lock(c, conversationId);
        update(c, UNDO, conversationId, ids(run));
        long max = max(c, conversationId);
        List<TranscriptEntry> moved = new ArrayList<>(run.size());
        for (TranscriptEntry e : run) {
            moved.add(e.withSeq(max + moved.size() + 1));
        }
        int inserted = inserter.insert(c, moved);
        if (inserted != moved.size()) {
            throw new SQLException("relocating " + moved.size() + " messages of " + conversationId + " stored "
                    + inserted + "; retrying the batch", "40001");
        }
        long last = max + moved.size();
        try (PreparedStatement ps = c.prepareStatement(LAST)) {
            ps.setLong(1, last);
            ps.setString(2, conversationId);
            ps.executeUpdate();
        }
        long redisSeq = sorted.get(sorted.size() - 1).seq();
        LOG.warn("conversation {}: seq {} and later had been given to other messages already (Redis lost writes); "
                + "{} messages stored at seq {}..{}", conversationId, firstSkipped, moved.size(), max + 1, last);
        int recovered = (int) run.stream().filter(e -> !stored.containsKey(e.clientMsgId())).count();
        return new Relocated(conversationId, redisSeq, last, moved.size(), recovered);
    }

    private static Map<String, Boolean> stored(Connection c, String conversationId, List<TranscriptEntry> entries)
            throws SQLException {
        Map<String, Boolean> stored = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(STORED)) {
            ps.setString(1, conversationId);
            ps.setArray(2, ids(c, entries));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getString(1), rs.getBoolean(2));
                }
            }
        }
        return stored;
    }

    private static void lock(Connection c, String conversationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOCK)) {
            ps.setString(1, conversationId);
            ps.executeQuery().close();
        }
    }

    private static long max(Connection c, String conversationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(MAX)) {
            ps.setString(1, conversationId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void update(Connection c, String sql, String conversationId, Set<String> ids)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, conversationId);
            ps.setArray(2, c.createArrayOf("text", ids.toArray()));
            ps.executeUpdate();
        }
    }

    private static Array ids(Connection c, List<TranscriptEntry> entries) throws SQLException {
        return c.createArrayOf("text", ids(entries).toArray());
    }

    private static Set<String> ids(List<TranscriptEntry> entries) {
        Set<String> ids = new HashSet<>();
        for (TranscriptEntry e : entries) {
            ids.add(e.clientMsgId());
        }
        return ids;
    }
}
