package io.livechat.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts messages as a JDBC batch of single-row inserts; with the driver's {@code reWriteBatchedInserts} (set by
 * {@link Database}) they travel as multi-row inserts, so this is a benchmark alternative, not one trip per row.
 */
final class JdbcBatchInserter implements BatchInserter {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcBatchInserter.class);

    private static final String SQL = "insert into messages (conversation_id, seq, client_msg_id, sender_type,"
            + " sender_id, sender_name, body, created_at) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing";

    /** A rewritten batch reports no per-row counts. */
    @Override
    public boolean countsExactly() {
        return false;
    }

    /** @return rows inserted, or the batch size when the rewritten batch reports no per-row counts */
    @Override
    public int insert(Connection connection, List<TranscriptEntry> entries) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(SQL)) {
            for (TranscriptEntry e : entries) {
                ps.setString(1, e.conversationId());
                ps.setLong(2, e.seq());
                ps.setString(3, e.clientMsgId());
                ps.setString(4, e.from());
                ps.setString(5, e.senderId());
                ps.setString(6, e.senderName());
                ps.setString(7, e.text());
                ps.setObject(8, MultiRowValuesInserter.timestamp(e.ts()));
                ps.addBatch();
            }
            int inserted = 0;
            for (int count : ps.executeBatch()) {
                inserted += count == Statement.SUCCESS_NO_INFO ? 1 : count;
            }
            LOG.trace("Batch-inserted {} of {} messages", inserted, entries.size());
            return inserted;
        }
    }
}
