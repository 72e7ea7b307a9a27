package io.kanban.core.store;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * This process's turn at a board file's write lock: a lock on a file beside the board ({@code kanban.db-turn}),
 * taken before {@code BEGIN IMMEDIATE} and given back after the commit. SQLite's own lock cannot be waited for:
 * a process that finds it held can only sleep and try again, so with several writing processes the lock stood
 * idle between one commit and the next process's try. The turn is a kernel lock, which the kernel hands to a
 * waiting process the moment it is released; the processes queue there, and SQLite's lock passes among them with
 * no pause (measured with 4 JVMs x 4 threads on one board: the median claim took a third of the time, and the
 * mean of six runs was 16% more claim+complete cycles per second).
 *
 * <p>SQLite's lock still decides who writes; the turn only orders our processes before they ask for it. Where
 * the turn cannot be had, the writer asks SQLite without it, as before: another board handle on the same file in
 * this JVM holds it (Java allows one lock per file per JVM), the directory is read-only, or waiting for it was
 * interrupted. A process that does not know the turn (the reference's Python tools) waits for SQLite's lock as it
 * always has. Only the thread that leads the writer's batches calls {@link #take} and {@link #give}.
 */
final class WriterTurn implements AutoCloseable {
    /** The turn file's name: the board file's, with this suffix (as SQLite names its -wal and -shm files). */
    static final String SUFFIX = "-turn";
    private static final int ATTEMPTS = 3;

    private final Path file;
    private FileChannel channel;
    private FileLock held;
    /** Set once the file cannot be opened: every write would fail the same way. */
    private boolean unusable;
    private volatile long lastWait = System.nanoTime() - TimeUnit.DAYS.toNanos(1);

    private WriterTurn(Path file) {
        this.file = file;
    }

    /**
     * The turn of the board file at {@code board}; no file is made until the first {@link #take}.
     *
     * @param board the board file
     * @return its turn
     */
    static WriterTurn of(Path board) {
        return new WriterTurn(board.resolveSibling(board.getFileName() + SUFFIX));
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
                    held = channel.tryLock();
                    if (held == null) {
                        lastWait = System.nanoTime();
                        held = channel.lock();
                    }
                    return true;
                } catch (OverlappingFileLockException e) {
                    return false; // another handle on this file in this JVM holds it
                } catch (ClosedChannelException e) {
                    // interrupted while it waited, which closed the channel (and so gave up its place): open anew
                    interrupted |= Thread.interrupted();
                    channel = null;
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
        give();
        closeChannel();
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
