package io.livechat.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

/**
 * Stores what agents record about a conversation beside its transcript: internal notes and tags.
 *
 * <p>Blocking JDBC: call it through {@link Database#submitCall}, never from an event loop.
 */
public final class CaseRepository {

    /**
     * One internal note.
     *
     * @param id        database id, rising in the order notes were written
     * @param agentId   who wrote it
     * @param agentName their name when they wrote it
     * @param text      the note
     * @param createdAt epoch milliseconds
     */
    public record Note(long id, long agentId, String agentName, String text, long createdAt) {
    }

    private static final String NOTES = "select id, agent_id, agent_name, body, created_at from conversation_notes"
            + " where conversation_id = ? order by id";
    private static final String ADD_NOTE = "insert into conversation_notes (conversation_id, agent_id, agent_name,"
            + " body) values (?, ?, ?, ?) returning id, agent_id, agent_name, body, created_at";
    private static final String TAGS = "select tag from conversation_tags where conversation_id = ? order by tag";
    private static final String CLEAR_TAGS = "delete from conversation_tags where conversation_id = ?";
    private static final String ADD_TAG = "insert into conversation_tags (conversation_id, tag, agent_id)"
            + " values (?, ?, ?) on conflict do nothing";
    private static final String TAG_COUNTS = "select tag, count(*) from conversation_tags group by tag"
            + " order by count(*) desc, tag limit 200";

    private final DataSource dataSource;

    public CaseRepository(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    public List<Note> notes(String conversationId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(NOTES)) {
            ps.setString(1, conversationId);
            List<Note> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(note(rs));
                }
            }
            return out;
        }
    }

    public Note addNote(String conversationId, long agentId, String agentName, String text) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(ADD_NOTE)) {
            ps.setString(1, conversationId);
            ps.setLong(2, agentId);
            ps.setString(3, agentName);
            ps.setString(4, text);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return note(rs);
            }
        }
    }

    public List<String> tags(String conversationId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(TAGS)) {
            ps.setString(1, conversationId);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    /** Replaces the conversation's tags with {@code tags}, in one transaction; answers them as stored. */
    public List<String> setTags(String conversationId, List<String> tags, long agentId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement clear = c.prepareStatement(CLEAR_TAGS);
                 PreparedStatement add = c.prepareStatement(ADD_TAG)) {
                clear.setString(1, conversationId);
                clear.executeUpdate();
                for (String t : tags) {
                    add.setString(1, conversationId);
                    add.setString(2, t);
                    add.setLong(3, agentId);
                    add.addBatch();
                }
                add.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        return tags(conversationId);
    }

    /** The tags in use, most used first (at most 200), with how many conversations carry each. */
    public Map<String, Long> tagCounts() throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(TAG_COUNTS);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    private static Note note(ResultSet rs) throws SQLException {
        return new Note(rs.getLong("id"), rs.getLong("agent_id"), rs.getString("agent_name"), rs.getString("body"),
                rs.getTimestamp("created_at").getTime());
    }
}
