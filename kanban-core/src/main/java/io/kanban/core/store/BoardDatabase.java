package io.kanban.core.store;

import java.util.ArrayList;
import java.util.List;

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
     * Runs each of {@code works} as one atomic write of its own, as {@link #write} would, and returns once all are
     * done: a caller with many writes to make at once (the host's writer, serving other processes) waits once,
     * and they may share commits with each other and with other threads' writes. A write that fails is undone
     * alone and reported in its outcome; the others still commit.
     *
     * @param works the writes
     * @return their outcomes, in the same order
     */
    default List<WriteOutcome> writeEach(List<? extends TxWork<?>> works) {
        List<WriteOutcome> outcomes = new ArrayList<>(works.size());
        for (TxWork<?> work : works) {
            try {
                outcomes.add(new WriteOutcome(write(work), null));
            } catch (RuntimeException | Error e) {
                outcomes.add(new WriteOutcome(null, e));
            }
        }
        return outcomes;
    }

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
