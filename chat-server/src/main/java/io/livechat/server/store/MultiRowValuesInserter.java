package io.livechat.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts messages with one multi-row {@code INSERT ... VALUES (...),(...) ON CONFLICT DO NOTHING} per chunk: one
 * round trip for a whole batch.
 */
final class MultiRowValuesInserter implements BatchInserter {

    private static final Logger LOG = LoggerFactory.getLogger(MultiRowValuesInserter.class);

    /** PostgreSQL allows 32767 bind parameters per statement; 1000 rows of 8 stays far below it. */
    static final int MAX_ROWS_PER_STATEMENT = 1000;
    private static final String PREFIX = "insert into messages (conversation_id, seq, client_msg_id, sender_type,"
            + " sender_id, sender_name, body, created_at) values ";
    private static final int COLUMNS = 8;

    @Override
    public int insert(Connection connection, List<TranscriptEntry> entries) throws SQLException {
        int inserted = 0;
        for (int from = 0; from < entries.size(); from += MAX_ROWS_PER_STATEMENT) {
            List<TranscriptEntry> chunk = entries.subList(from, Math.min(entries.size(), from + MAX_ROWS_PER_STATEMENT));
            String sql = PREFIX + values(chunk.size(), COLUMNS) + " on conflict do nothing";
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int i = 1;
                for (TranscriptEntry e : chunk) {
                    ps.setString(i++, e.conversationId());
                    ps.setLong(i++, e.seq());
                    ps.setString(i++, e.clientMsgId());
                    ps.setString(i++, e.from());
                    ps.setString(i++, e.senderId());
                    ps.setString(i++, e.senderName());
                    ps.setString(i++, e.text());
                    ps.setObject(i++, timestamp(e.ts()));
                }
                inserted += ps.executeUpdate();
            }
        }
        LOG.trace("Inserted {} of {} messages", inserted, entries.size());
        return inserted;
    }

    /** {@code (?,?),(?,?)} for {@code rows} rows of {@code columns} parameters. */
    static String values(int rows, int columns) {
        String row = "(" + "?,".repeat(columns - 1) + "?)";
        StringBuilder sb = new StringBuilder(rows * (row.length() + 1));
        for (int r = 0; r < rows; r++) {
            if (r > 0) {
                sb.append(',');
            }
            sb.append(row);
        }
        return sb.toString();
    }

    static OffsetDateTime timestamp(long epochMillis) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }
}
