package io.livechat.testsupport;

import io.livechat.server.store.AgentRepository;
import io.livechat.server.store.PasswordHasher;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Stored conversations with known statistics, written straight into a migrated PostgreSQL: four on 2020-03-01/02
 * (agents Ann and Ben, tags, two ratings) and one on 2020-02-20. The figures are listed in StatsIT.
 */
public final class StatsSeed {

    private StatsSeed() {
    }

    /** Seeds the cluster's PostgreSQL, whose schema a started agent server has migrated. */
    public static void seed(TestCluster cluster) throws SQLException {
        addAgent(cluster, "stat-ann@example.com", "Ann");
        addAgent(cluster, "stat-ben@example.com", "Ben");
        try (Connection c = connect(cluster)) {
            long ann = agentId(c, "stat-ann@example.com");
            long ben = agentId(c, "stat-ben@example.com");
            // s1: answered after 30 s, closed after 300 s, rated 9; tagged billing
            conversation(c, "s1", ann, "2020-03-01T10:00:00Z");
            msg(c, "s1", 1, "v1", "visitor", "Hello", "2020-03-01T10:00:00Z");
            msg(c, "s1", 2, "a1", "agent", "Hi", "2020-03-01T10:00:30Z");
            msg(c, "s1", 3, "v2", "visitor", "Thanks", "2020-03-01T10:01:00Z");
            msg(c, "s1", 4, "closed-3", "system", "The conversation was closed.", "2020-03-01T10:05:00Z");
            msg(c, "s1", 5, "rating-4", "visitor", "Rated 9/10: great", "2020-03-01T10:06:00Z");
            tag(c, "s1", "billing", ann);
            // s2: answered after 90 s, closed after 600 s, rated 7; tagged billing and refund
            conversation(c, "s2", ann, "2020-03-01T12:00:00Z");
            msg(c, "s2", 1, "v1", "visitor", "Refund?", "2020-03-01T12:00:00Z");
            msg(c, "s2", 2, "a1", "agent", "Sure", "2020-03-01T12:01:30Z");
            msg(c, "s2", 3, "closed-2", "system", "The conversation was closed.", "2020-03-01T12:10:00Z");
            msg(c, "s2", 4, "rating-3", "visitor", "Rated 7/10", "2020-03-01T12:11:00Z");
            tag(c, "s2", "billing", ann);
            tag(c, "s2", "refund", ann);
            // s3: answered after 10 s, still open, no tag
            conversation(c, "s3", ben, "2020-03-02T09:00:00Z");
            msg(c, "s3", 1, "v1", "visitor", "Hi there", "2020-03-02T09:00:00Z");
            msg(c, "s3", 2, "a1", "agent", "Hello", "2020-03-02T09:00:10Z");
            // s4: never answered, no agent
            conversation(c, "s4", null, "2020-03-02T15:00:00Z");
            msg(c, "s4", 1, "v1", "visitor", "Anyone?", "2020-03-02T15:00:00Z");
            // s5: before the range, rated 0
            conversation(c, "s5", ann, "2020-02-20T10:00:00Z");
            msg(c, "s5", 1, "v1", "visitor", "Old", "2020-02-20T10:00:00Z");
            msg(c, "s5", 2, "a1", "agent", "Old answer", "2020-02-20T10:00:01Z");
            msg(c, "s5", 3, "rating-2", "visitor", "Rated 0/10", "2020-02-20T10:00:02Z");
        }
    }

    public static long agentId(TestCluster cluster, String email) throws SQLException {
        try (Connection c = connect(cluster)) {
            return agentId(c, email);
        }
    }

    private static Connection connect(TestCluster cluster) throws SQLException {
        return DriverManager.getConnection(cluster.postgres().jdbcUrl(), "postgres", "");
    }

    private static void addAgent(TestCluster cluster, String email, String name) throws SQLException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(cluster.postgres().jdbcUrl());
        ds.setUser("postgres");
        new AgentRepository(ds, new PasswordHasher()).create(email, name, name.toLowerCase() + "-password");
    }

    private static long agentId(Connection c, String email) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select id from agents where email = ?")) {
            ps.setString(1, email);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void conversation(Connection c, String id, Long agent, String at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into conversations (conversation_id, site_key,"
                + " visitor_id, agent_id, created_at, last_seq) values (?, 'demo', ?, ?, ?, 0)")) {
            ps.setString(1, id);
            ps.setString(2, "visitor-" + id);
            ps.setObject(3, agent);
            ps.setTimestamp(4, Timestamp.from(Instant.parse(at)));
            ps.executeUpdate();
        }
    }

    private static void msg(Connection c, String conv, long seq, String clientMsgId, String from, String body,
                            String at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into messages (conversation_id, seq, client_msg_id,"
                + " sender_type, body, created_at) values (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, conv);
            ps.setLong(2, seq);
            ps.setString(3, clientMsgId);
            ps.setString(4, from);
            ps.setString(5, body);
            ps.setTimestamp(6, Timestamp.from(Instant.parse(at)));
            ps.executeUpdate();
        }
    }

    private static void tag(Connection c, String conv, String tag, long agent) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into conversation_tags (conversation_id, tag, agent_id)"
                + " values (?, ?, ?)")) {
            ps.setString(1, conv);
            ps.setString(2, tag);
            ps.setLong(3, agent);
            ps.executeUpdate();
        }
    }
}
