package io.kanban.core.store;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * This process's turn at a board file's write lock: a lock on a file beside the board ({@code kanban.db-turn}),
 * taken before {@code BEGIN IMMEDIATE} and given back after the commit. SQLite's own lock cannot be waited for:
 * a process that finds it held can only sleep and try again, so with several writing processes the lock stood
 * idle between one commit and the next process's try. The turn is a kernel lock, which the kernel hands to a
 * waiting process the moment it is released; the processes queue there, and SQLite's lock passes among them with
 * no pause (measured with 4 JVMs x 4 threads on one board: the median claim took a third of the time, and the
 * mean of six runs was 16% more claim+complete cycles per second). The file has two bytes, an entrance and the
 * turn itself, so that the turn passes to the process that waited for it rather than back to its last holder
 * (see {@link #queueAndTake}).
 *
 * <p>SQLite's lock still decides who writes; the turn only orders our processes before they ask for it. Where
 * the turn cannot be had, the writer asks SQLite without it, as before: another board handle on the same file in
 * this JVM holds it (Java allows one lock per file per JVM), the directory is read-only, or it waited longer than
 * the timeout. A process that does not know the turn (the reference's Python tools) waits for SQLite's lock as it
 * always has. Only the thread that leads the writer's batches calls {@link #take} and {@link #give}.
 *
 * <p>The kernel's wait has no timeout, and a holder that stops (suspended with Ctrl-Z, or hung in its transaction)
 * would keep every other process waiting for ever, where SQLite's busy timeout gives up with an error. So a
 * watchdog thread, started on the first wait, interrupts a wait that has lasted longer than the busy timeout:
 * the writer then goes on without the turn and meets the busy timeout's error as before.
 */
final class WriterTurn implements AutoCloseable {
    /** The turn file's name: the board file's, with this suffix (as SQLite names its -wal and -shm files). */
    static final String SUFFIX = "-turn";
    private static final int ATTEMPTS = 3;
    private static final long WATCH_MILLIS = 250;
    /** The byte of the turn file a process holds while it waits for the turn (see {@link #queueAndTake}). */
    private static final long ENTRANCE = 0;
    /** The byte of the turn file a process holds while it has the turn. */
    private static final long TURN = 1;

    private final Path file;
    private final long timeoutNanos;
    private FileChannel channel;
    private FileLock held;
    /** Set once the file cannot be opened: every write would fail the same way. */
    private boolean unusable;
    private volatile long lastWait = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
    /** The thread waiting in the kernel and since when, or null; guarded by {@code this}. */
    private Thread waiter;
    private long waitingSince;
    /** Set by the watchdog when it interrupted {@link #waiter}; guarded by {@code this}. */
    private boolean cutShort;
    private Thread watchdog;
    private volatile boolean closed;

    private WriterTurn(Path file, long timeoutNanos) {
        this.file = file;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * The turn of the board file at {@code board}; no file is made until the first {@link #take}.
     *
     * @param board   the board file
     * @param timeout how long a process waits for the turn before it goes on without it
     * @return its turn
     */
    static WriterTurn of(Path board, Duration timeout) {
        return new WriterTurn(board.resolveSibling(board.getFileName() + SUFFIX), timeout.toNanos());
    }

    /** @return the turn file */
    Path file() {
        return file;
    }

    /**
     * Waits until no other process holds the turn, and takes it.
     *
     * @return true when this process now holds the turn; false when the writer must do without it
     */
    boolean take() {
        if (unusable) {
            return false;
        }
        // Locking on an interrupted thread closes the channel at once: the flag is held back meanwhile, and restored.
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                try {
                    if (channel == null) {
                        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    }
                    held = queueAndTake();
                    return held != null; // null: it waited longer than the timeout
                } catch (OverlappingFileLockException e) {
                    return false; // another handle on this file in this JVM holds it
                } catch (FileLockInterruptionException | ClosedChannelException e) {
                    // interrupted while it waited, which closed the channel (and so gave up its place): open anew
                    interrupted |= Thread.interrupted();
                    closeChannel();
                } catch (IOException e) {
                    unusable = true;
                    closeChannel();
                    return false;
                }
            }
            return false;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Takes the entrance byte, then the turn byte, then lets the entrance go: so at most one process waits for the
     * turn itself, and giving it back wakes that one alone, instead of every waiting process to race for it (the
     * giver among them, which often won). The others wait at the entrance meanwhile, and are woken while the turn's
     * holder writes, not when it hands over.
     *
     * @return the turn's lock, or null when the watchdog cut a wait short (the channel is then closed)
     */
    private FileLock queueAndTake() throws IOException {
        FileLock entrance = lockByte(ENTRANCE);
        if (entrance == null) {
            return null;
        }
        try {
            return lockByte(TURN);
        } finally {
            if (entrance.isValid()) {
                entrance.release();
            }
        }
    }

    private FileLock lockByte(long position) throws IOException {
        FileLock lock = channel.tryLock(position, 1, false);
        if (lock == null) {
            lastWait = System.nanoTime();
            lock = waitInKernel(position);
            lastWait = System.nanoTime(); // a long wait counts from its end
        }
        return lock;
    }

    /** @return the lock, or null when the watchdog cut the wait short (the channel is then closed) */
    private FileLock waitInKernel(long position) throws IOException {
        synchronized (this) {
            waiter = Thread.currentThread();
            waitingSince = System.nanoTime();
            if (watchdog == null) {
                watchdog = new Thread(this::watch, "kanban-write-turn-watchdog " + file.getFileName());
                watchdog.setDaemon(true);
                watchdog.start();
            }
        }
        FileLock lock = null;
        try {
            lock = channel.lock(position, 1, false);
        } catch (FileLockInterruptionException | ClosedChannelException e) {
            // Interrupted while waiting, which closed the channel. By the watchdog: go on without the turn. Else a
            // real interrupt: take() opens the channel anew and waits again.
            synchronized (this) {
                if (!cutShort) {
                    throw e;
                }
            }
            closeChannel();
        } finally {
            synchronized (this) {
                waiter = null;
                if (cutShort) {
                    cutShort = false;
                    Thread.interrupted(); // the watchdog's, not the caller's (take() restores the caller's)
                }
            }
        }
        return lock;
    }

    /** The watchdog's loop: interrupts a wait longer than the timeout, until the turn is closed. */
    private void watch() {
        while (!closed) {
            synchronized (this) {
                if (waiter != null && System.nanoTime() - waitingSince > timeoutNanos) {
                    cutShort = true;
                    waiter.interrupt();
                }
            }
            try {
                Thread.sleep(WATCH_MILLIS);
            } catch (InterruptedException e) {
                return; // closed
            }
        }
    }

    /** Gives the turn back, if this process holds it. */
    void give() {
        FileLock lock = held;
        held = null;
        if (lock != null) {
            try {
                lock.release();
            } catch (IOException e) {
                // the lock goes with the channel: close it, and the next take opens a new one
                closeChannel();
            }
        }
    }

    /**
     * True when this process waited for the turn within the last {@code nanos}: other processes are writing too.
     *
     * @param nanos how far back to look
     * @return whether it waited
     */
    boolean waitedWithin(long nanos) {
        return System.nanoTime() - lastWait < nanos;
    }

    @Override
    public void close() {
        closed = true;
        give();
        closeChannel();
        Thread dog;
        synchronized (this) {
            dog = watchdog;
        }
        if (dog != null) {
            dog.interrupt();
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing releases the lock whatever the outcome
            }
            channel = null;
        }
    }
}
