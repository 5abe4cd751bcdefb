package io.livechat.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.livechat.protocol.ChatMessage;

/**
 * Reads stored transcripts and conversation lists from PostgreSQL (writing is the {@link TranscriptWriter}'s job).
 *
 * <p>Blocking JDBC: call it through {@link Database#submitCall}, never from an event loop.
 */
public final class TranscriptRepository {

    private static final Logger LOG = LoggerFactory.getLogger(TranscriptRepository.class);

    /** Upper bound on one page, whatever a caller asks for. */
    public static final int MAX_LIMIT = 1000;

    private static final String MESSAGES_AFTER = """
            select conversation_id, seq, client_msg_id, sender_type, sender_id, sender_name, body, created_at
              from messages
             where conversation_id = ? and seq > ?
             order by seq
             limit ?""";
    private static final String FOR_AGENT = """
            select conversation_id, site_key, visitor_id, agent_id, status, last_seq, created_at
              from conversations
             where agent_id = ?
             order by updated_at desc
             limit ?""";

    private static final String NEWEST = """
            select conversation_id, seq, client_msg_id, sender_type, sender_id, sender_name, body, created_at
              from messages
             where conversation_id = ?
             order by seq desc
             limit ?""";
    private static final String CONVERSATION = """
            select c.conversation_id, c.site_key, c.visitor_id, c.agent_id, c.status,
                   greatest(c.last_seq, coalesce((select max(m.seq) from messages m
                                                   where m.conversation_id = c.conversation_id), 0)),
                   c.created_at, (extract(epoch from (now() - c.updated_at)) * 1000)::bigint
              from conversations c
             where""";

    private final DataSource dataSource;

    public TranscriptRepository(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Up to {@code limit} messages with {@code seq > afterSeq}, in seq order. */
    public List<ChatMessage> messagesAfter(String conversationId, long afterSeq, int limit) throws SQLException {
        List<ChatMessage> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(MESSAGES_AFTER)) {
            ps.setString(1, conversationId);
            ps.setLong(2, afterSeq);
            ps.setInt(3, clamp(limit));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ChatMessage(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            orEmpty(rs.getString(5)), orEmpty(rs.getString(6)), rs.getString(7), millis(rs, 8)));
                }
            }
        }
        LOG.debug("{} messages after {} in {}", out.size(), afterSeq, conversationId);
        return out;
    }

    /** Up to {@code limit} conversations assigned to the agent, most recently active first. */
    public List<ConversationRow> conversationsForAgent(long agentId, int limit) throws SQLException {
        List<ConversationRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(FOR_AGENT)) {
            ps.setLong(1, agentId);
            ps.setInt(2, clamp(limit));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long agent = rs.getLong(4);
                    Long agentOrNull = rs.wasNull() ? null : agent;
                    out.add(new ConversationRow(rs.getString(1), rs.getString(2), rs.getString(3), agentOrNull,
                            rs.getString(5), rs.getLong(6), millis(rs, 7), -1));
                }
            }
        }
        return out;
    }

    /** The conversation of a visitor session on a site, its last seq the highest any stored message has. */
    public Optional<ConversationRow> conversationOfVisitor(String visitorId, String siteKey) throws SQLException {
        return oneConversation(CONVERSATION + " c.visitor_id = ? and c.site_key = ? order by c.created_at desc limit 1",
                visitorId, siteKey);
    }

    /** Every conversation of a visitor session on any site (privacy export and erasure), oldest first. */
    public List<ConversationRow> conversationsOfVisitor(String visitorId) throws SQLException {
        List<ConversationRow> out = new ArrayList<>();
        String sql = CONVERSATION + " c.visitor_id = ? order by c.created_at";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, visitorId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        }
        return out;
    }

    /** Every stored message of a conversation, in seq order (read page by page). */
    public List<ChatMessage> allMessages(String conversationId) throws SQLException {
        List<ChatMessage> out = new ArrayList<>();
        List<ChatMessage> page;
        do {
            page = messagesAfter(conversationId, out.isEmpty() ? 0 : out.get(out.size() - 1).seq(), MAX_LIMIT);
            out.addAll(page);
        } while (page.size() == MAX_LIMIT);
        return out;
    }

    /** One conversation, its last seq the highest any stored message has. */
    public Optional<ConversationRow> conversation(String conversationId) throws SQLException {
        return oneConversation(CONVERSATION + " c.conversation_id = ?", conversationId);
    }

    private Optional<ConversationRow> oneConversation(String sql, String... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static ConversationRow row(ResultSet rs) throws SQLException {
        long agent = rs.getLong(4);
        Long agentOrNull = rs.wasNull() ? null : agent;
        return new ConversationRow(rs.getString(1), rs.getString(2), rs.getString(3), agentOrNull,
                rs.getString(5), rs.getLong(6), millis(rs, 7), rs.getLong(8));
    }

    /** The newest {@code limit} messages of a conversation, in seq order. */
    public List<ChatMessage> newestMessages(String conversationId, int limit) throws SQLException {
        List<ChatMessage> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(NEWEST)) {
            ps.setString(1, conversationId);
            ps.setInt(2, Math.max(0, limit));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ChatMessage(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            orEmpty(rs.getString(5)), orEmpty(rs.getString(6)), rs.getString(7), millis(rs, 8)));
                }
            }
        }
        java.util.Collections.reverse(out);
        return out;
    }

    private static long millis(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant().toEpochMilli();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static int clamp(int limit) {
        return Math.max(0, Math.min(limit, MAX_LIMIT));
    }
}
