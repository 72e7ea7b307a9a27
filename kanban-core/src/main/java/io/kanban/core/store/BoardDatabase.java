package io.kanban.core.store;

import java.time.Duration;
import java.util.Optional;

/**
 * Where a board's rows live: a SQLite file ({@link SqliteDatabase}) or a PostgreSQL schema ({@link PostgresDatabase}).
 * Every mutation is one {@link #write}; reads see one consistent snapshot. The parts of a board use only this.
 */
public interface BoardDatabase extends AutoCloseable {

    /**
     * Runs {@code work} as one atomic write and returns its result once it is committed.
     *
     * @param <T> the result type
     * @param work the write
     * @return what {@code work} returned
     */
    <T> T write(TxWork<T> work);

    /**
     * Runs {@code work} on a consistent snapshot; it must not write.
     *
     * @param <T> the result type
     * @param work the read
     * @return what {@code work} returned
     */
    <T> T read(TxWork<T> work);

    /**
     * The board as workers are told it: a file path or a JDBC URL.
     *
     * @return the location
     */
    String location();

    /**
     * @return which database the board is on
     */
    Dialect dialect();

    /**
     * Waits until the event log holds an event after {@code cursor} or the timeout passes; returns whether it
     * does. PostgreSQL wakes on NOTIFY; SQLite looks every {@value #POLL_MILLIS} ms.
     *
     * @param cursor the last event id seen
     * @param timeout how long to wait at most
     * @return whether an event after {@code cursor} exists
     * @throws InterruptedException if the thread is interrupted while waiting
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

    /** How often a SQLite board's log is looked at while waiting for events, in milliseconds. */
    long POLL_MILLIS = 100;

    /**
     * What this process's grouping writer has done so far; empty where writes are not grouped in-process
     * (PostgreSQL, whose server commits each transaction itself).
     *
     * @return the writer's counters, or empty
     */
    default Optional<WriterStats> writerStats() {
        return Optional.empty();
    }

    @Override
    void close();
}
