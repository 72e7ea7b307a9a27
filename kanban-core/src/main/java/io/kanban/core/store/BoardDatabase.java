package io.kanban.core.store;

import java.time.Duration;
import java.util.Optional;

/**
 * Where a board's rows live: a SQLite file ({@link SqliteDatabase}) or a PostgreSQL schema ({@link PostgresDatabase}).
 * Every mutation is one {@link #write}; reads see one consistent snapshot. The parts of a board use only this.
 */
public interface BoardDatabase extends AutoCloseable {

    /** Runs {@code work} as one atomic write and returns its result once it is committed. */
    <T> T write(TxWork<T> work);

    /** Runs {@code work} on a consistent snapshot; it must not write. */
    <T> T read(TxWork<T> work);

    /** The board as workers are told it: a file path or a JDBC URL. */
    String location();

    Dialect dialect();

    /**
     * Waits until the event log holds an event after {@code cursor} or the timeout passes; returns whether it
     * does. PostgreSQL wakes on NOTIFY; SQLite looks every {@value #POLL_MILLIS} ms.
     */
    default boolean awaitEventAfter(long cursor, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (read(EventStore::latestId) > cursor) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Thread.sleep(Math.max(1, Math.min(POLL_MILLIS, left / 1_000_000)));
        }
    }

    long POLL_MILLIS = 100;

    /**
     * What this process's grouping writer has done so far; empty where writes are not grouped in-process
     * (PostgreSQL, whose server commits each transaction itself).
     */
    default Optional<WriterStats> writerStats() {
        return Optional.empty();
    }

    @Override
    void close();
}
