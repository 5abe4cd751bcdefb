package io.livechat.server.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts messages with {@code COPY} into a session-local temporary table, then one
 * {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING} into {@code messages}: COPY's cheap parsing, while staying
 * idempotent (COPY straight into {@code messages} would fail the whole batch on the first duplicate).
 */
final class CopyInserter implements BatchInserter {

    private static final Logger LOG = LoggerFactory.getLogger(CopyInserter.class);

    static final String STAGING = "livechat_messages_copy";
    private static final String COLUMNS = "conversation_id, seq, client_msg_id, sender_type, sender_id, sender_name,"
            + " body, created_at";
    // Temporary, so each pooled connection has its own; emptied at every commit or rollback by PostgreSQL itself.
    private static final String CREATE = "create temp table if not exists " + STAGING
            + " (like messages including defaults) on commit delete rows";
    private static final String COPY = "copy " + STAGING + " (" + COLUMNS + ") from stdin";
    private static final String MOVE = "insert into messages (" + COLUMNS + ") select " + COLUMNS + " from " + STAGING
            + " on conflict do nothing";

    @Override
    public int insert(Connection connection, List<TranscriptEntry> entries) throws SQLException {
        try (Statement s = connection.createStatement()) {
            // one round trip: ensure the staging table, and empty it in case an earlier insert in this transaction
            // (none today: TranscriptStore inserts once per transaction) left rows that must not move twice
            s.execute(CREATE + "; delete from " + STAGING);
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
            try {
                byte[] rows = rows(entries).getBytes(StandardCharsets.UTF_8);
                copy.writeToCopy(rows, 0, rows.length);
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
            int inserted = s.executeUpdate(MOVE);
            LOG.trace("Copied {} of {} messages", inserted, entries.size());
            return inserted;
        }
    }

    /** The rows in COPY's text format: tab-separated, one line each, {@code \N} for null. */
    static String rows(List<TranscriptEntry> entries) {
        StringBuilder sb = new StringBuilder(entries.size() * 128);
        for (TranscriptEntry e : entries) {
            field(sb, e.conversationId()).append('\t').append(e.seq()).append('\t');
            field(sb, e.clientMsgId()).append('\t');
            field(sb, e.from()).append('\t');
            field(sb, e.senderId()).append('\t');
            field(sb, e.senderName()).append('\t');
            field(sb, e.text()).append('\t').append(Instant.ofEpochMilli(e.ts())).append('\n');
        }
        return sb.toString();
    }

    /** Appends one text field, escaping what COPY's text format treats specially. */
    static StringBuilder field(StringBuilder sb, String value) {
        if (value == null) {
            return sb.append("\\N");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb;
    }
}
