package io.livechat.server.store;

import java.sql.SQLException;

/**
 * A blocking call into a repository (which borrows its own connection), run by {@link Database#submitCall} on a
 * JDBC executor thread.
 *
 * @param <T> the result
 */
@FunctionalInterface
public interface SqlCall<T> {

    /** Runs on a JDBC executor thread, never on an event loop. */
    T call() throws SQLException;
}
