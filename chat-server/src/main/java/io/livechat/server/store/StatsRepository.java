package io.livechat.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

/**
 * Computes the desk's statistics from the stored transcripts in PostgreSQL: per group (agent, tag, day or all),
 * volume, first-response and handling times, and satisfaction from the visitors' ratings.
 *
 * <p>What the stored rows say: a conversation's first visitor message (ratings aside) starts the clock; its first
 * agent message answers it; its first closing (a system message whose clientMsgId starts with {@code closed-}) ends
 * its handling; a rating is a visitor message whose clientMsgId starts with {@code rating-} and whose text starts
 * with {@code Rated N/10}. Blocking JDBC: call it through {@link Database#submitCall}.
 */
public final class StatsRepository {

    /** How conversations are grouped: the SQL of each group's key, and the join it needs. */
    public enum By {
        NONE("'all'", ""),
        AGENT("coalesce(c.agent_id::text, '')", ""),
        TAG("coalesce(t.tag, '')", " left join conversation_tags t on t.conversation_id = c.conversation_id"),
        DAY("to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD')", "");

        final String key;
        final String join;

        By(String key, String join) {
            this.key = key;
            this.join = join;
        }
    }

    /**
     * One group's figures; times in seconds, null when there is nothing to measure.
     *
     * @param distribution how many ratings gave each score 0..10
     */
    public record Group(String key, String label, long conversations, long answered, long messages,
                        long firstResponseCount, Double firstResponseMean, Double firstResponseMedian,
                        long handlingCount, Double handlingMean, Double handlingMedian,
                        long ratings, Double ratingMean, long[] distribution) {
    }

    private static final String PER_CONVERSATION = """
            with c as (
              select c.conversation_id, c.agent_id, c.created_at,
                min(m.created_at) filter (where m.sender_type = 'visitor' and m.client_msg_id not like 'rating-%')
                  as first_visitor,
                min(m.created_at) filter (where m.sender_type = 'agent') as first_agent,
                min(m.created_at) filter (where m.sender_type = 'system' and m.client_msg_id like 'closed-%')
                  as closed_at,
                count(m.seq) filter (where m.sender_type in ('visitor', 'agent')
                  and m.client_msg_id not like 'rating-%') as messages
              from conversations c left join messages m on m.conversation_id = c.conversation_id
              where c.created_at >= ? and c.created_at < ?
              group by c.conversation_id, c.agent_id, c.created_at
            ), k as (
              select c.*, {KEY} as key, extract(epoch from c.first_agent - c.first_visitor) as frt,
                extract(epoch from c.closed_at - c.first_visitor) as handling
              from c{JOIN}
            )
            """;
    private static final String FIGURES = """
            select k.key, count(*) as conversations, count(k.first_agent) as answered, sum(k.messages) as messages,
              count(k.frt) filter (where k.frt >= 0) as frt_n, avg(k.frt) filter (where k.frt >= 0) as frt_mean,
              percentile_cont(0.5) within group (order by k.frt) filter (where k.frt >= 0) as frt_median,
              count(k.handling) filter (where k.handling >= 0) as h_n,
              avg(k.handling) filter (where k.handling >= 0) as h_mean,
              percentile_cont(0.5) within group (order by k.handling) filter (where k.handling >= 0) as h_median,
              (select display_name from agents a where a.id::text = k.key) as agent_name
            from k group by k.key order by k.key""";
    private static final String RATINGS = """
            select k.key, r.score, count(*) from k
              cross join lateral (select substring(m.body from '^Rated ([0-9]+)/10')::int as score from messages m
                where m.conversation_id = k.conversation_id and m.sender_type = 'visitor'
                  and m.client_msg_id like 'rating-%') r
            where r.score between 0 and 10 group by k.key, r.score""";

    private final DataSource dataSource;

    public StatsRepository(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The figures of the conversations that started in [from, to), one per group, ordered by key. */
    public Map<String, Group> groups(Instant from, Instant to, By by) throws SQLException {
        // the key and join are our own constants, never the request's text
        String with = PER_CONVERSATION.replace("{KEY}", by.key).replace("{JOIN}", by.join);
        Map<String, long[]> ratings = new LinkedHashMap<>();
        Map<String, Group> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(with + RATINGS)) {
                bind(ps, from, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ratings.computeIfAbsent(rs.getString(1), k -> new long[11])[rs.getInt(2)] = rs.getLong(3);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(with + FIGURES)) {
                bind(ps, from, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Group g = group(rs, by, ratings.getOrDefault(rs.getString("key"), new long[11]));
                        out.put(g.key(), g);
                    }
                }
            }
        }
        return out;
    }

    private static void bind(PreparedStatement ps, Instant from, Instant to) throws SQLException {
        ps.setTimestamp(1, Timestamp.from(from));
        ps.setTimestamp(2, Timestamp.from(to));
    }

    private static Group group(ResultSet rs, By by, long[] dist) throws SQLException {
        String key = rs.getString("key");
        long n = 0;
        long sum = 0;
        for (int s = 0; s <= 10; s++) {
            n += dist[s];
            sum += s * dist[s];
        }
        return new Group(key, label(by, key, rs.getString("agent_name")), rs.getLong("conversations"),
                rs.getLong("answered"), rs.getLong("messages"), rs.getLong("frt_n"), number(rs, "frt_mean"),
                number(rs, "frt_median"), rs.getLong("h_n"), number(rs, "h_mean"), number(rs, "h_median"),
                n, n == 0 ? null : (double) sum / n, dist);
    }

    private static String label(By by, String key, String agentName) {
        if (by == By.AGENT) {
            return key.isEmpty() ? "(no agent)" : agentName != null ? agentName : "agent " + key;
        }
        return by == By.TAG && key.isEmpty() ? "(no tag)" : key;
    }

    private static Double number(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
