package io.livechat.server.store;

import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * Stores canned responses in PostgreSQL: each agent's own and the shared ones (no owner).
 *
 * <p>Blocking JDBC: call it through {@link Database#submitCall}, never from an event loop.
 */
public final class CannedRepository {

    /** PostgreSQL's SQLSTATE for a unique-index violation. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "id, agent_id, shortcut, body";
    private static final String VISIBLE = "select " + COLUMNS + " from canned_responses"
            + " where department_id is null and (agent_id = ? or agent_id is null)"
            + " order by lower(shortcut), agent_id nulls last";
    private static final String ONE = "select " + COLUMNS + " from canned_responses where id = ?";
    private static final String INSERT = "insert into canned_responses (agent_id, shortcut, body) values (?, ?, ?)"
            + " returning " + COLUMNS;
    private static final String UPDATE = "update canned_responses set shortcut = ?, body = ?, updated_at = now()"
            + " where id = ? returning " + COLUMNS;
    private static final String DELETE = "delete from canned_responses where id = ?";

    private final DataSource dataSource;

    public CannedRepository(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The agent's own responses and the shared ones, by shortcut (an agent's own first on a tie). */
    public List<CannedResponse> visibleTo(long agentId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(VISIBLE)) {
            ps.setLong(1, agentId);
            return list(ps);
        }
    }

    public Optional<CannedResponse> find(long id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(ONE)) {
            ps.setLong(1, id);
            List<CannedResponse> found = list(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    /** Adds one; {@code conflict} when its owner already has that shortcut. */
    public CannedResponse insert(Long agentId, String shortcut, String body) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            if (agentId == null) {
                ps.setNull(1, Types.BIGINT);
            } else {
                ps.setLong(1, agentId);
            }
            ps.setString(2, shortcut);
            ps.setString(3, body);
            return single(ps);
        }
    }

    /** Changes one's shortcut and text; {@code conflict} when its owner already has that shortcut. */
    public CannedResponse update(long id, String shortcut, String body) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(UPDATE)) {
            ps.setString(1, shortcut);
            ps.setString(2, body);
            ps.setLong(3, id);
            return single(ps);
        }
    }

    /** Whether a row was removed. */
    public boolean delete(long id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(DELETE)) {
            ps.setLong(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    private static CannedResponse single(PreparedStatement ps) throws SQLException {
        try {
            List<CannedResponse> rows = list(ps);
            if (rows.isEmpty()) {
                throw new ChatException(ErrorCode.NOT_FOUND, "no such canned response");
            }
            return rows.get(0);
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new ChatException(ErrorCode.CONFLICT, "a canned response with this shortcut exists already");
            }
            throw e;
        }
    }

    private static List<CannedResponse> list(PreparedStatement ps) throws SQLException {
        List<CannedResponse> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long owner = rs.getLong("agent_id");
                Long agentId = rs.wasNull() ? null : owner;
                out.add(new CannedResponse(rs.getLong("id"), agentId, rs.getString("shortcut"),
                        rs.getString("body")));
            }
        }
        return out;
    }
}
