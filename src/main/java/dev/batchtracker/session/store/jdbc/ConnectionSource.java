package dev.batchtracker.session.store.jdbc;

/**
 * Hands out connections of one database and turns its failures into domain terms: connectivity problems and
 * timeouts become {@code StoreUnavailableException} (503), integrity violations {@code IllegalStateException}.
 * Exceptions thrown by the work itself pass through after a rollback.
 */
public interface ConnectionSource extends AutoCloseable {

    /** Runs read-only work on an auto-commit connection. */
    <T> T read(SqlWork<T> work);

    /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
    <T> T write(SqlWork<T> work);

    /**
     * Runs work that is a single statement, which is then its own transaction: where a connection can run it in
     * auto-commit, no round trip is spent on beginning or committing.
     */
    default <T> T writeStatement(SqlWork<T> work) {
        return write(work);
    }

    @Override
    void close();
}
