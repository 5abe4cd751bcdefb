package io.livechat.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A strategy for inserting one batch of transcript messages, kept separate so that a benchmark can compare
 * multi-row {@code VALUES}, a JDBC batch rewritten by the driver, and later {@code COPY}.
 *
 * <p>Implementations must be idempotent (a (conversation, seq) or (conversation, clientMsgId) already stored is
 * skipped, not doubled) and must not commit: {@link TranscriptStore} owns the transaction.
 */
public interface BatchInserter {

    /**
     * Inserts the messages on {@code connection} inside the caller's transaction; called on the writer's thread.
     *
     * @return the number of rows inserted (duplicates excluded where the strategy can tell)
     */
    int insert(Connection connection, List<TranscriptEntry> entries) throws SQLException;

    /**
     * Whether {@link #insert} counts exactly the rows it inserted. {@link TranscriptStore} looks for messages skipped
     * because their seq was taken (see {@link SeqCollisions}) when fewer rows than entries were inserted, and after
     * every batch of a strategy that cannot tell.
     */
    default boolean countsExactly() {
        return true;
    }

    /** The default: one {@code INSERT ... VALUES (...),(...) ON CONFLICT DO NOTHING} per chunk of rows. */
    static BatchInserter multiRowValues() {
        return new MultiRowValuesInserter();
    }

    /** A JDBC batch of single-row inserts, which the driver rewrites to multi-row ones (reWriteBatchedInserts). */
    static BatchInserter jdbcBatch() {
        return new JdbcBatchInserter();
    }

    /** {@code COPY} into a temporary table, then {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING}. */
    static BatchInserter copy() {
        return new CopyInserter();
    }
}
