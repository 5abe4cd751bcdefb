package io.livechat.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, authenticates and looks up agent accounts in PostgreSQL.
 *
 * <p>Every method is blocking JDBC: call it through {@link Database#submitCall}, never from an event loop.
 * E-mail addresses are trimmed and lower-cased, so {@code Ada@Example.com} and {@code ada@example.com} are one
 * account.
 */
public final class AgentRepository {

    private static final Logger LOG = LoggerFactory.getLogger(AgentRepository.class);

    private static final String UPSERT = """
            insert into agents (email, display_name, password_hash)
            values (?, ?, ?)
            on conflict (email) do update
               set display_name = excluded.display_name, password_hash = excluded.password_hash
            returning id, email, display_name, role""";
    private static final String INSERT_NEW = """
            insert into agents (email, display_name, password_hash)
            values (?, ?, ?)
            on conflict (email) do nothing""";
    private static final String BY_EMAIL =
            "select id, email, display_name, role, password_hash from agents where email = ?";
    private static final String BY_ID = "select id, email, display_name, role from agents where id = ?";

    private final DataSource dataSource;
    private final PasswordHasher hasher;
    /** Verified against when the e-mail is unknown, so that a miss costs as much time as a wrong password. */
    private final String dummyHash;

    public AgentRepository(DataSource dataSource, PasswordHasher hasher) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.dummyHash = hasher.hash(UUID.randomUUID().toString());
    }

    /** Creates the agent, or, if the e-mail exists, sets its display name and password; returns the account. */
    public Agent create(String email, String displayName, String password) throws SQLException {
        requireText(displayName, "displayName");
        requireText(password, "password");
        String hash = hasher.hash(password);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setString(1, normalise(email));
            ps.setString(2, displayName);
            ps.setString(3, hash);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Agent agent = map(rs);
                LOG.info("Agent {} ({}) saved", agent.id(), agent.email());
                return agent;
            }
        }
    }

    /**
     * Creates the agent unless the e-mail exists already, in which case nothing changes (its password stays what
     * it was set to); true when it was created.
     */
    public boolean createIfAbsent(String email, String displayName, String password) throws SQLException {
        requireText(displayName, "displayName");
        requireText(password, "password");
        String hash = hasher.hash(password);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT_NEW)) {
            ps.setString(1, normalise(email));
            ps.setString(2, displayName);
            ps.setString(3, hash);
            return ps.executeUpdate() == 1;
        }
    }

    /** The agent whose e-mail and password match, or empty; takes about the same time either way. */
    public Optional<Agent> authenticate(String email, String password) throws SQLException {
        return check(credentials(email), password);
    }

    /** An account and its password hash, read for a login. */
    public record Credentials(Agent agent, String passwordHash) {
    }

    /** The account with this e-mail and its hash, or empty: a quick read, for the JDBC executor. */
    public Optional<Credentials> credentials(String email) throws SQLException {
        if (email == null) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(BY_EMAIL)) {
            ps.setString(1, normalise(email));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Credentials(map(rs), rs.getString("password_hash")))
                        : Optional.empty();
            }
        }
    }

    /**
     * The account when {@code password} matches its hash: the slow part of a login (no database), for the hashing
     * executor. An unknown account is checked against a dummy hash, so that a miss costs as much as a wrong password.
     */
    public Optional<Agent> check(Optional<Credentials> found, String password) {
        if (found.isEmpty() || password == null) {
            hasher.verify(password == null ? "" : password, dummyHash);
            return Optional.empty();
        }
        return hasher.verify(password, found.get().passwordHash()) ? found.map(Credentials::agent) : Optional.empty();
    }

    public Optional<Agent> findById(long id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(BY_ID)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    private static Agent map(ResultSet rs) throws SQLException {
        return new Agent(rs.getLong("id"), rs.getString("email"), rs.getString("display_name"), rs.getString("role"));
    }

    static String normalise(String email) {
        requireText(email, "email");
        return email.trim().toLowerCase(Locale.ROOT);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
