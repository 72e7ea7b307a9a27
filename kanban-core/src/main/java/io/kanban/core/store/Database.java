package io.kanban.core.store;

import io.kanban.core.error.StorageFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteJDBCLoader;

/**
 * A board in a SQLite file (the embedded default): one writer connection and a few reader connections.
 *
 * <p>Writes from this process are serialised on the writer connection, so threads never fight over
 * SQLite's file lock; other processes are held off by {@code BEGIN IMMEDIATE} and the busy timeout.
 * Concurrent writers are grouped: the thread holding the writer runs every queued write in one
 * transaction and commits once, so the commit cost is shared. Every write stays atomic on its own: should one
 * fail, the batch runs again with each write in a savepoint, and the failing one rolls back alone.
 */
public final class Database implements BoardDatabase {
    public static final int BUSY_TIMEOUT_MILLIS = 30_000;
    private static final int MAX_READERS = 4;
    private static final int WRITER_CHECKPOINT_PAGES = 10_000;
    private static final int MAX_BATCH = 64;
    /** How long a leader waits for the writers of its last batch to queue again before it commits. */
    private static final long GATHER_NANOS = TimeUnit.MICROSECONDS.toNanos(150);

    private final String location;
    private final String url;
    /** Opened by the first write: a process that only reads (most CLI calls) never pays for it. */
    private StatementCache writer;
    private final ReentrantLock writerLock = new ReentrantLock();
    private final Queue<PendingWrite<?>> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    /** Only the leader reads and writes it. */
    private int lastBatchSize = 1;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong writesCommitted = new AtomicLong();
    private final AtomicLong busyNanos = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();
    private final BlockingQueue<StatementCache> idleReaders = new ArrayBlockingQueue<>(MAX_READERS);
    private final List<StatementCache> allReaders = new ArrayList<>();
    private volatile boolean closed;

    private Database(String location, String url) {
        this.location = location;
        this.url = url;
    }

    /** Opens (creating if needed) the SQLite board file at {@code path}. Migration is the caller's job. */
    public static Database openSqlite(Path path) {
        Path absolute = path.toAbsolutePath();
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
        } catch (java.io.IOException e) {
            throw new StorageFailure("cannot create the directory for board " + absolute + ": " + e.getMessage(), e);
        }
        return new Database(absolute.toString(), "jdbc:sqlite:" + absolute);
    }

    /**
     * Does the SQLite driver's once-per-process set-up: unpacks and loads its native library, builds the date
     * formatter every connection's settings share, and reads the statement catalog. Opening the first board does
     * the same on demand; a short-lived process calls this on a spare thread while it parses its arguments.
     * Failures are left for that first open to report.
     */
    public static void warmUpDriver() {
        try {
            SQLiteJDBCLoader.initialize();
            new SQLiteConfig();
            Statements.loaded();
        } catch (Exception | LinkageError e) {
            // the first real connection meets the same problem and says what it is
        }
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public Dialect dialect() {
        return Dialect.SQLITE;
    }

    @Override
    public <T> T write(TxWork<T> work) {
        ensureOpen();
        PendingWrite<T> mine = new PendingWrite<>(work, Thread.currentThread());
        pending.add(mine);
        queued.incrementAndGet();
        while (!mine.isDone()) {
            if (writerLock.tryLock()) {
                try {
                    runPending(mine);
                } finally {
                    writerLock.unlock();
                }
                wakeNextLeader();
            } else {
                // The leader unparks us when our write is published or when it hands the writer over;
                // the timeout only bounds the wait should a wake-up ever be missed.
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        return mine.outcome();
    }

    @Override
    public Optional<WriterStats> writerStats() {
        return Optional.of(new WriterStats(commits.get(), writesCommitted.get(), busyNanos.get(), commitNanos.get()));
    }

    @Override
    public <T> T read(TxWork<T> work) {
        ensureOpen();
        StatementCache reader = borrowReader();
        try {
            Tx tx = new Tx(reader);
            tx.raw("BEGIN");
            try {
                return work.run(tx);
            } finally {
                tx.raw("COMMIT");
            }
        } finally {
            idleReaders.offer(reader);
        }
    }

    private void runPending(PendingWrite<?> mine) {
        // Lead until our own write is done, then hand over so no caller waits behind an endless stream.
        while (!mine.isDone()) {
            gatherSiblings();
            List<PendingWrite<?>> batch = new ArrayList<>();
            PendingWrite<?> next;
            while (batch.size() < MAX_BATCH && (next = pending.poll()) != null) {
                queued.decrementAndGet();
                batch.add(next);
            }
            lastBatchSize = Math.max(1, batch.size());
            if (batch.isEmpty()) {
                return;
            }
            runBatch(batch);
        }
    }

    /**
     * Group commit only pays when writes arrive together. Writers just released by the last commit are about
     * to queue their next write; giving them a moment (as PostgreSQL's commit_delay does) turns a stream of
     * one-write transactions into a few large ones. A lone writer never waits.
     */
    private void gatherSiblings() {
        int target = Math.min(lastBatchSize, MAX_BATCH);
        if (target < 2) {
            return;
        }
        long deadline = System.nanoTime() + GATHER_NANOS;
        while (queued.get() < target && System.nanoTime() < deadline) {
            Thread.yield();
        }
    }

    private void runBatch(List<PendingWrite<?>> batch) {
        if (writer == null) {
            try {
                writer = new StatementCache(connect(true));
            } catch (StorageFailure e) {
                batch.forEach(p -> p.fail(e));
                return;
            }
        }
        Tx tx = new Tx(writer);
        long begin = System.nanoTime();
        try {
            tx.raw("BEGIN IMMEDIATE");
        } catch (StorageFailure e) {
            batch.forEach(p -> p.fail(e));
            return;
        }
        long commitStart = begin;
        try {
            boolean single = batch.size() == 1;
            if (!runWithoutSavepoints(tx, batch) && !single) {
                // A write failed, maybe half-way, and its changes share the transaction with the others': undo
                // them all and run the batch again with each write in a savepoint, so the failure is undone alone.
                // Running a write twice is safe: a write is database work only, as PostgreSQL's retries need too.
                tx.raw("ROLLBACK");
                tx.raw("BEGIN IMMEDIATE");
                runInSavepoints(tx, batch);
            }
            commitStart = System.nanoTime();
            tx.raw(single && batch.get(0).failed() ? "ROLLBACK" : "COMMIT");
        } catch (RuntimeException e) {
            rollbackQuietly(tx);
            batch.forEach(p -> p.fail(e));
            return;
        } finally {
            long end = System.nanoTime();
            commits.incrementAndGet();
            writesCommitted.addAndGet(batch.size());
            busyNanos.addAndGet(end - begin);
            commitNanos.addAndGet(commitStart == begin ? 0 : end - commitStart);
        }
        batch.forEach(PendingWrite::publish);
    }

    /**
     * Runs the writes one after another in the open transaction; false at the first that fails. Writes seldom
     * fail, and a savepoint around each would cost every write its undo copies of the pages it touches (measured:
     * about 10% of claim+complete throughput with 16 threads).
     */
    private static boolean runWithoutSavepoints(Tx tx, List<PendingWrite<?>> batch) {
        for (PendingWrite<?> p : batch) {
            p.runIn(tx);
            if (p.failed()) {
                return false;
            }
        }
        return true;
    }

    private static void runInSavepoints(Tx tx, List<PendingWrite<?>> batch) {
        for (PendingWrite<?> p : batch) {
            tx.raw("SAVEPOINT w");
            p.runIn(tx);
            if (p.failed()) {
                tx.raw("ROLLBACK TO w");
            }
            tx.raw("RELEASE w");
        }
    }

    private void wakeNextLeader() {
        PendingWrite<?> head = pending.peek();
        if (head != null) {
            LockSupport.unpark(head.thread());
        }
    }

    private static void rollbackQuietly(Tx tx) {
        try {
            tx.raw("ROLLBACK");
        } catch (StorageFailure ignored) {
            // the transaction is gone already
        }
    }

    private StatementCache borrowReader() {
        StatementCache reader = idleReaders.poll();
        if (reader != null) {
            return reader;
        }
        synchronized (allReaders) {
            if (allReaders.size() < MAX_READERS) {
                StatementCache fresh = new StatementCache(connect(false));
                allReaders.add(fresh);
                return fresh;
            }
        }
        try {
            return idleReaders.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageFailure("interrupted while waiting for a reader connection", e);
        }
    }

    /** @param writer true for the writer connection, which checkpoints the log in fewer, larger steps */
    private Connection connect(boolean writer) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        // Each grouped write runs in a savepoint, whose undo copy of every page it touches would otherwise go to a
        // temporary file: keep it in memory.
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        // The driver would otherwise run a second statement after every INSERT to fetch the new rowid; the
        // inserts that need their id ask for it with RETURNING.
        config.setGetGeneratedKeys(false);
        if (writer) {
            // A checkpoint runs inside whichever commit crosses the threshold and syncs the file; at SQLite's
            // default (1,000 pages) one commit in a few hundred stalls for milliseconds. Ten times the log
            // makes those stalls rare (measured: claim p99 3.2 ms -> 0.2 ms) at the cost of a larger -wal file.
            config.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, String.valueOf(WRITER_CHECKPOINT_PAGES));
        }
        try {
            return config.createConnection(url);
        } catch (SQLException e) {
            throw storageFailure("cannot open board " + location, e);
        }
    }

    /**
     * Runs {@code work} on one of the reader connections, outside any transaction: the schema's version check on
     * every open, without a connection of its own.
     */
    <T> T inspect(ConnectionWork<T> work) throws SQLException {
        ensureOpen();
        StatementCache reader = borrowReader();
        try {
            return work.run(reader.connection());
        } finally {
            idleReaders.offer(reader);
        }
    }

    /** Work on a raw connection. */
    interface ConnectionWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** A raw connection with the board's settings, for schema work before the board is in use. */
    Connection openMaintenanceConnection() {
        return connect(false);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("board " + location + " is closed");
        }
    }

    @Override
    public void close() {
        closed = true;
        writerLock.lock();
        try {
            if (writer != null) {
                writer.close();
            }
        } finally {
            writerLock.unlock();
        }
        synchronized (allReaders) {
            allReaders.forEach(StatementCache::close);
            allReaders.clear();
        }
    }

    static StorageFailure storageFailure(String what, SQLException e) {
        int code = e.getErrorCode() & 0xff;
        String reason;
        if (code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code) {
            reason = "the board is locked by another process (waited " + BUSY_TIMEOUT_MILLIS / 1000 + " s)";
        } else if (code == SQLiteErrorCode.SQLITE_FULL.code) {
            reason = "the disk is full";
        } else if (code == SQLiteErrorCode.SQLITE_NOTADB.code) {
            reason = "the file is not a SQLite database";
        } else if (code == SQLiteErrorCode.SQLITE_READONLY.code) {
            reason = "the board file is read-only";
        } else {
            reason = e.getMessage();
        }
        return new StorageFailure(what + ": " + reason, e);
    }

    /** A write waiting for the leader; its result is published only after the commit. */
    private static final class PendingWrite<T> {
        private final TxWork<T> work;
        private final Thread thread;
        private T result;
        private RuntimeException error;
        private volatile boolean done;

        PendingWrite(TxWork<T> work, Thread thread) {
            this.work = work;
            this.thread = thread;
        }

        Thread thread() {
            return thread;
        }

        /** Runs the work, replacing the outcome of any earlier run of it. */
        void runIn(Tx tx) {
            result = null;
            error = null;
            try {
                result = work.run(tx);
            } catch (RuntimeException e) {
                error = e;
            } catch (StackOverflowError e) {
                error = new IllegalStateException("write overflowed the stack", e);
            }
        }

        boolean failed() {
            return error != null;
        }

        void fail(RuntimeException e) {
            error = e;
            publish();
        }

        void publish() {
            done = true;
            LockSupport.unpark(thread);
        }

        boolean isDone() {
            return done;
        }

        T outcome() {
            if (error != null) {
                throw error;
            }
            return result;
        }
    }
}
