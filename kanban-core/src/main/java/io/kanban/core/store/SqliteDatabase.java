package io.kanban.core.store;

import io.kanban.core.error.StorageFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteJDBCLoader;

/**
 * A board in a SQLite file (the embedded default): one writer connection and a few reader connections.
 *
 * <p>Writes from this process are serialised on the writer connection, so threads never fight over
 * SQLite's file lock. Processes queue for it in the kernel, on the board's {@link WriterTurn}, so it passes from
 * one to the next without a pause, and a process with several writing threads keeps it for a run of batches
 * ({@link TurnLease}); {@code BEGIN IMMEDIATE} and the busy timeout still hold off a process that does
 * not take the turn, waited out by {@link WriteLockWait} in steps of microseconds rather than SQLite's milliseconds.
 * Concurrent writers are grouped: the thread holding the writer runs queued writes in one transaction as they
 * arrive and commits once, so the commit cost is shared. Every write stays atomic on its own: should one fail,
 * the batch runs again with each write in a savepoint, and the failing one rolls back alone.
 */
public final class SqliteDatabase implements BoardDatabase {
    /** How long a write waits for another process's write lock before it fails. */
    public static final int BUSY_TIMEOUT_MILLIS = 30_000;
    private static final int MAX_READERS = 4;
    private static final int WRITER_CHECKPOINT_PAGES = 10_000;
    private static final int MAX_BATCH = 64;
    /** How long an open batch waits for the next write, while fewer have come than the last batch held. */
    private static final long GATHER_NANOS = TimeUnit.MICROSECONDS.toNanos(150);
    /**
     * For this long after the writer last waited for another process's lock, a batch does not wait for more
     * writes: it would hold the file's write lock idle while other processes queue for it.
     */
    private static final long CONTENDED_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final String location;
    private final String url;
    /** Taken by the thread leading the writer before a batch's transaction; guarded by {@link #writerLock}. */
    private final WriterTurn turn;
    /** When the turn goes back: after the batch, or after a run of them while other processes write. */
    private final TurnLease lease;
    /** Opened by the first write: a process that only reads (most CLI calls) never pays for it. */
    private StatementCache writer;
    /** The writer connection's busy handler; set with {@link #writer}. */
    private WriteLockWait lockWait;
    private final ReentrantLock writerLock = new ReentrantLock();
    private final Queue<PendingWrite<?>> pending = new ConcurrentLinkedQueue<>();
    /** Only the leader reads and writes it. */
    private int lastBatchSize = 1;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong writesCommitted = new AtomicLong();
    private final AtomicLong busyNanos = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();
    private final BlockingQueue<StatementCache> idleReaders = new ArrayBlockingQueue<>(MAX_READERS);
    private final List<StatementCache> allReaders = new ArrayList<>();
    private volatile boolean closed;

    private SqliteDatabase(Path file) {
        this.location = file.toString();
        this.url = "jdbc:sqlite:" + file;
        this.turn = WriterTurn.of(file, Duration.ofMillis(BUSY_TIMEOUT_MILLIS));
        this.lease = new TurnLease(turn, () -> !pending.isEmpty());
    }

    /**
     * Opens (creating if needed) the SQLite board file at {@code path}. Migration is the caller's job.
     *
     * @param path the board file
     * @return the open database
     */
    public static SqliteDatabase open(Path path) {
        Path absolute = path.toAbsolutePath();
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
        } catch (java.io.IOException e) {
            throw new StorageFailure("cannot create the directory for board " + absolute + ": " + e.getMessage(), e);
        }
        return new SqliteDatabase(absolute);
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
            Statements.warmUp();
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
        PendingWrite<T> mine = new PendingWrite<>(work, Thread.currentThread(), false);
        pending.add(mine);
        lease.writeQueued();
        awaitDone(mine, List.of());
        return mine.outcome();
    }

    /**
     * Leads the writer, or waits for the leader, until {@code last} is done. {@code others}, writes of this thread
     * queued before {@code last}, pass their wake-ups on as soon as they are seen done.
     */
    private void awaitDone(PendingWrite<?> last, List<PendingWrite<?>> others) {
        // A queued write may already be running and cannot be withdrawn, so an interrupt does not end the wait;
        // it is held back meanwhile (else every park would return at once and the wait would spin) and restored.
        boolean interrupted = false;
        while (!last.isDone()) {
            if (writerLock.tryLock()) {
                try {
                    runPending(last);
                } finally {
                    lease.leaderLeaves();
                    writerLock.unlock();
                }
                wakeNextLeader();
            } else {
                // We are unparked when our write is published (by the leader or a woken sibling, see publish) or
                // when the leader hands the writer over; the timeout only bounds the wait should a wake-up be missed.
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(20));
                interrupted |= Thread.interrupted();
            }
            for (PendingWrite<?> p : others) {
                if (p.isDone()) {
                    p.wakeFollowers();
                }
            }
        }
        others.forEach(PendingWrite::wakeFollowers);
        last.wakeFollowers();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Queues every write before it leads or waits once, so all of them can go into one batch; see
     * {@link BoardDatabase#writeEach}.
     */
    @Override
    public List<WriteOutcome> writeEach(List<? extends TxWork<?>> works) {
        ensureOpen();
        if (works.isEmpty()) {
            return List.of();
        }
        List<PendingWrite<?>> mine = new ArrayList<>(works.size());
        for (TxWork<?> work : works) {
            PendingWrite<?> p = new PendingWrite<>(work, Thread.currentThread(), true);
            mine.add(p);
            pending.add(p);
        }
        lease.writeQueued();
        // The queue is run in order, so the last write done means all are.
        awaitDone(mine.get(mine.size() - 1), mine.subList(0, mine.size() - 1));
        List<WriteOutcome> outcomes = new ArrayList<>(mine.size());
        mine.forEach(p -> outcomes.add(p.asOutcome()));
        return outcomes;
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
            giveBack(reader);
        }
    }

    private void runPending(PendingWrite<?> mine) {
        // Lead until our own write is done, then hand over so no caller waits behind an endless stream.
        PendingWrite<?> first;
        while (!mine.isDone() && (first = pending.poll()) != null) {
            List<PendingWrite<?>> batch = new ArrayList<>();
            batch.add(first);
            runBatch(batch);
            PendingWrite.publish(batch);
        }
    }

    /**
     * Runs {@code batch}'s first write and those that arrive meanwhile in one transaction. Each write runs as it
     * comes, so the writer works while the callers of the last batch are still waking up and queueing again.
     */
    private void runBatch(List<PendingWrite<?>> batch) {
        if (writer == null) {
            try {
                Connection c = connect(true);
                WriteLockWait wait = new WriteLockWait(BUSY_TIMEOUT_MILLIS);
                try {
                    BusyHandler.setHandler(c, wait);
                } catch (SQLException e) {
                    closeQuietly(c);
                    throw storageFailure("cannot open board " + location, e);
                }
                writer = new StatementCache(c);
                lockWait = wait;
            } catch (StorageFailure e) {
                failAll(batch, e);
                return;
            }
        }
        lease.beforeBatch();
        runBatchInTurn(new Tx(writer), batch, System.nanoTime());
        lease.afterBatch();
    }

    private void runBatchInTurn(Tx tx, List<PendingWrite<?>> batch, long begin) {
        try {
            tx.raw("BEGIN IMMEDIATE");
        } catch (StorageFailure e) {
            failAll(batch, e);
            return;
        }
        long waited = 0;
        long commitStart = begin;
        try {
            waited = runAsTheyArrive(tx, batch);
            boolean single = batch.size() == 1;
            if (batch.get(batch.size() - 1).failed() && !single) {
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
        } finally {
            long end = System.nanoTime();
            lastBatchSize = batch.size();
            commits.incrementAndGet();
            writesCommitted.addAndGet(batch.size());
            busyNanos.addAndGet(end - begin - waited);
            commitNanos.addAndGet(commitStart == begin ? 0 : end - commitStart);
        }
    }

    /**
     * Runs the batch's first write, then each queued write in turn, without savepoints: writes seldom fail, and
     * a savepoint around each would cost every write its undo copies of the pages it touches (measured: about
     * 10% of claim+complete throughput with 16 threads). Stops after a write that fails, or when the queue is
     * empty and as many writes ran as in the last batch, or none came for {@link #GATHER_NANOS}: group commit
     * only pays when writes arrive together, and the writers just released by the last commit are about to
     * queue again (PostgreSQL's commit_delay does the same). A lone writer never waits.
     *
     * @return the nanoseconds spent waiting for writes, which the writer's statistics do not count as busy
     */
    private long runAsTheyArrive(Tx tx, List<PendingWrite<?>> batch) {
        PendingWrite<?> last = batch.get(0);
        last.runIn(tx);
        // Other processes waiting for the file's lock: take what is queued and commit, without waiting for more.
        boolean contended = turn.waitedWithin(CONTENDED_NANOS) || lockWait.waitedWithin(CONTENDED_NANOS);
        // A group queued by writeEach came with every write its caller had: waiting would only delay them.
        int expected = contended || last.grouped() ? 1 : Math.min(lastBatchSize, MAX_BATCH);
        long waited = 0;
        long idleSince = 0;
        while (!last.failed() && batch.size() < MAX_BATCH) {
            PendingWrite<?> next = pending.poll();
            if (next != null) {
                batch.add(next);
                next.runIn(tx);
                last = next;
                idleSince = 0;
                continue;
            }
            if (batch.size() >= expected) {
                break;
            }
            long now = System.nanoTime();
            if (idleSince == 0) {
                idleSince = now;
            } else if (now - idleSince > GATHER_NANOS) {
                break;
            }
            Thread.yield();
            waited += System.nanoTime() - now;
        }
        return waited;
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

    /**
     * Fails the batch and every write queued behind it: they would meet the same fault (no connection, or the
     * file locked by another process for the whole busy timeout).
     */
    private void failAll(List<PendingWrite<?>> batch, StorageFailure e) {
        PendingWrite<?> next;
        while (batch.size() < MAX_BATCH && (next = pending.poll()) != null) {
            batch.add(next);
        }
        batch.forEach(p -> p.fail(e));
    }

    private void wakeNextLeader() {
        PendingWrite<?> head = pending.peek();
        if (head != null) {
            LockSupport.unpark(head.thread());
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing was done on it
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
            // A reader given back after close() is closed instead, so a waiter looks at the flag now and then.
            while (true) {
                StatementCache idle = idleReaders.poll(BoardDatabase.POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (idle != null) {
                    return idle;
                }
                ensureOpen();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageFailure("interrupted while waiting for a reader connection", e);
        }
    }

    /**
     * Returns a borrowed reader to the pool, or closes it when the board was closed meanwhile: close() leaves
     * readers in use alone, since closing a connection under another thread's statements corrupts the driver's
     * state (a read still running met a ConcurrentModificationException in the statement cache).
     */
    private void giveBack(StatementCache reader) {
        synchronized (allReaders) {
            if (!closed) {
                idleReaders.offer(reader);
                return;
            }
            allReaders.remove(reader);
        }
        reader.close();
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
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BUSY_TIMEOUT_MILLIS);
        while (true) {
            try {
                return config.createConnection(url);
            } catch (SQLException e) {
                // Opening runs PRAGMA journal_mode=WAL, which needs the file to itself for a moment; while another
                // connection creates or migrates a new board, SQLite answers BUSY at once, without its busy handler
                // (seen with six threads opening one new board together). Wait that out as the busy timeout would.
                if (!isBusy(e) || System.nanoTime() > deadline) {
                    throw storageFailure("cannot open board " + location, e);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                if (Thread.currentThread().isInterrupted()) {
                    throw storageFailure("cannot open board " + location, e);
                }
            }
        }
    }

    private static boolean isBusy(SQLException e) {
        int code = e.getErrorCode() & 0xff;
        return code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code;
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
            giveBack(reader);
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

    /** Closes the writer once its current batch is done and the idle readers; readers in use close when given back. */
    @Override
    public void close() {
        closed = true;
        writerLock.lock();
        try {
            if (writer != null) {
                writer.close();
            }
            lease.close();
            turn.close();
        } finally {
            writerLock.unlock();
        }
        List<StatementCache> idle = new ArrayList<>();
        synchronized (allReaders) {
            idleReaders.drainTo(idle);
            allReaders.removeAll(idle);
        }
        idle.forEach(StatementCache::close);
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
        private final boolean grouped;
        private T result;
        /** A RuntimeException or an Error, rethrown to the caller as it is. */
        private Throwable error;
        /** The writes whose threads this one's thread wakes once it is woken itself; set before {@link #done}. */
        private PendingWrite<?> firstFollower;
        private PendingWrite<?> secondFollower;
        private volatile boolean done;

        PendingWrite(TxWork<T> work, Thread thread, boolean grouped) {
            this.work = work;
            this.thread = thread;
            this.grouped = grouped;
        }

        /** Queued with others by {@link #writeEach}: whatever could join them is queued already. */
        boolean grouped() {
            return grouped;
        }

        Thread thread() {
            return thread;
        }

        /**
         * Marks the batch's writes done and wakes their threads as a binary tree: the leader wakes one, and
         * each woken thread wakes two more on its way out. Were the leader to wake them all, on a 2-core machine
         * each woken thread would pre-empt it in turn, and the writer would stand idle for some 80 us per commit
         * (measured with 16 writers); spread over the woken threads, the wake-ups overlap with the next batch.
         */
        static void publish(List<PendingWrite<?>> batch) {
            Thread leader = Thread.currentThread();
            List<PendingWrite<?>> waiting = new ArrayList<>(batch.size());
            for (PendingWrite<?> p : batch) {
                if (p.thread != leader) {
                    waiting.add(p);
                }
            }
            for (int i = 0; i < waiting.size(); i++) {
                PendingWrite<?> p = waiting.get(i);
                p.firstFollower = 2 * i + 1 < waiting.size() ? waiting.get(2 * i + 1) : null;
                p.secondFollower = 2 * i + 2 < waiting.size() ? waiting.get(2 * i + 2) : null;
            }
            for (PendingWrite<?> p : batch) {
                p.done = true;
            }
            if (!waiting.isEmpty()) {
                LockSupport.unpark(waiting.get(0).thread);
            }
        }

        /** Passes the wake-up on; called by this write's thread once it sees the write done. */
        void wakeFollowers() {
            if (firstFollower != null) {
                LockSupport.unpark(firstFollower.thread);
                firstFollower = null;
            }
            if (secondFollower != null) {
                LockSupport.unpark(secondFollower.thread);
                secondFollower = null;
            }
        }

        /** Runs the work, replacing the outcome of any earlier run of it. */
        void runIn(Tx tx) {
            result = null;
            error = null;
            try {
                result = work.run(tx);
            } catch (StackOverflowError e) {
                error = new IllegalStateException("write overflowed the stack", e);
            } catch (RuntimeException | Error e) {
                // An Error fails this write alone, as an exception does: its batch mates still commit, and no
                // transaction is left open on the writer connection for the next batch to trip over.
                error = e;
            }
        }

        boolean failed() {
            return error != null;
        }

        /** Records the failure; {@link #publish} tells the caller. */
        void fail(RuntimeException e) {
            error = e;
        }

        boolean isDone() {
            return done;
        }

        WriteOutcome asOutcome() {
            return new WriteOutcome(result, error);
        }

        T outcome() {
            if (error instanceof Error e) {
                throw e;
            }
            if (error != null) {
                throw (RuntimeException) error;
            }
            return result;
        }
    }
}
