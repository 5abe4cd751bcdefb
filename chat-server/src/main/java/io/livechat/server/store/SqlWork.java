package io.livechat.server.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A unit of JDBC work run by {@link Database#submit} on a JDBC executor thread with a pooled connection.
 *
 * @param <T> the result
 */
@FunctionalInterface
public interface SqlWork<T> {

    /**
     * Runs on a JDBC executor thread, never on an event loop. The connection is in auto-commit mode and is
     * returned to the pool afterwards; work that needs a transaction turns auto-commit off and commits itself.
     */
    T run(Connection connection) throws SQLException;
}
