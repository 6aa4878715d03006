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

    @Override
    void close();
}
