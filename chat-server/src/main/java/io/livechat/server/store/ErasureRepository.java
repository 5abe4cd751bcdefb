package io.livechat.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import javax.sql.DataSource;

/**
 * Erases conversations from PostgreSQL (privacy erasure and the retention purge) and keeps the record of what was
 * erased until the Redis side of the erasure is done.
 *
 * <p>An erasure leaves the conversation's id in {@code erased_conversations}, so that a transcript writer holding
 * one of its messages drops it in its own transaction (see {@link TranscriptStore}). Before deleting, the erasure
 * inserts-or-locks the conversation's row: a writer that is storing the conversation right now holds that row
 * (its upsert always inserts or locks it), so the erasure waits for the writer's commit and then deletes what it
 * stored; a writer coming later waits for the erasure and then sees the id. Rows are locked in id order, as the
 * writer locks them, so the two cannot deadlock.
 *
 * <p>Blocking JDBC: call it through {@link Database#submitCall}, never from an event loop.
 */
public final class ErasureRepository {

    /** What one erasure removed from PostgreSQL. */
    public record Erased(List<ErasedConversation> conversations, long messages) {
    }

    /** A conversation erased from PostgreSQL whose Redis state may remain; visitorId may be empty. */
    public record ErasedConversation(String conversationId, String visitorId) {
    }

    /**
     * How long an erasure waits for a lock before it fails (and is retried): a writer's transaction holds a
     * conversation's row for milliseconds, so a longer wait means something is wrong, and the purge must not queue
     * behind it holding its own locks.
     */
    private static final String LOCK_TIMEOUT = "set local lock_timeout = '3s'";
    private static final String TOMBSTONE = "insert into erased_conversations (conversation_id, visitor_id)"
            + " select * from unnest(?::text[], ?::text[]) on conflict (conversation_id) do update"
            + " set visitor_id = excluded.visitor_id, store_cleared = false";
    private static final String LOCK_ROWS = "insert into conversations (conversation_id, site_key, visitor_id,"
            + " created_at) select id, '', '', now() from unnest(?::text[]) id order by id"
            + " on conflict (conversation_id) do update set status = conversations.status";
    private static final String DELETE_MESSAGES = "delete from messages where conversation_id = any(?)";
    private static final String DELETE_CONVERSATIONS = "delete from conversations where conversation_id = any(?)";
    private static final String EXPIRED = "select conversation_id, visitor_id from conversations"
            + " where updated_at < now() - make_interval(days => ?) order by updated_at limit ? for update skip locked";
    private static final String UNCLEARED = "select conversation_id, coalesce(visitor_id, '')"
            + " from erased_conversations where not store_cleared order by erased_at limit ?";
    private static final String CLEARED = "update erased_conversations set store_cleared = true, visitor_id = null"
            + " where conversation_id = any(?)";

    private static final String IS_ERASED = "select 1 from erased_conversations where conversation_id = ?";

    private final DataSource dataSource;

    public ErasureRepository(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Erases the given conversations (with their messages) in one transaction. */
    public Erased erase(List<ErasedConversation> conversations) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Erased e = erase(c, conversations);
                c.commit();
                return e;
            } catch (SQLException | RuntimeException ex) {
                c.rollback();
                throw ex;
            }
        }
    }

    /**
     * Erases up to {@code limit} conversations whose last activity is more than {@code days} days old, in one
     * short transaction; rows another transaction holds are left for the next batch.
     */
    public Erased purgeExpired(int days, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute(LOCK_TIMEOUT);
                }
                List<ErasedConversation> old = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(EXPIRED)) {
                    ps.setInt(1, days);
                    ps.setInt(2, limit);
                    read(ps, old);
                }
                Erased e = erase(c, old);
                c.commit();
                return e;
            } catch (SQLException | RuntimeException ex) {
                c.rollback();
                throw ex;
            }
        }
    }

    /** Whether the conversation was erased (or purged). */
    public boolean isErased(String conversationId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(IS_ERASED)) {
            ps.setString(1, conversationId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Up to {@code limit} erased conversations whose Redis state has not been cleared yet, oldest first. */
    public List<ErasedConversation> uncleared(int limit) throws SQLException {
        List<ErasedConversation> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(UNCLEARED)) {
            ps.setInt(1, limit);
            read(ps, out);
        }
        return out;
    }

    /** Records that the Redis state of these conversations is gone; forgets their visitor ids. */
    public void cleared(List<String> conversationIds) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CLEARED)) {
            ps.setArray(1, c.createArrayOf("text", conversationIds.toArray()));
            ps.executeUpdate();
        }
    }

    private static Erased erase(Connection c, List<ErasedConversation> conversations) throws SQLException {
        try (java.sql.Statement st = c.createStatement()) {
            st.execute(LOCK_TIMEOUT);
        }
        if (conversations.isEmpty()) {
            return new Erased(List.of(), 0);
        }
        Object[] ids = conversations.stream().map(ErasedConversation::conversationId).toArray();
        Object[] visitors = conversations.stream().map(ErasedConversation::visitorId).toArray();
        try (PreparedStatement ps = c.prepareStatement(TOMBSTONE)) {
            ps.setArray(1, c.createArrayOf("text", ids));
            ps.setArray(2, c.createArrayOf("text", visitors));
            ps.executeUpdate();
        }
        update(c, LOCK_ROWS, ids);
        long messages = update(c, DELETE_MESSAGES, ids);
        update(c, DELETE_CONVERSATIONS, ids);
        return new Erased(List.copyOf(conversations), messages);
    }

    private static long update(Connection c, String sql, Object[] ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", ids));
            return ps.executeLargeUpdate();
        }
    }

    private static void read(PreparedStatement ps, List<ErasedConversation> out) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new ErasedConversation(rs.getString(1), rs.getString(2)));
            }
        }
    }
}
