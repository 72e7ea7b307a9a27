package io.kanban.core.store;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;

/**
 * How the writer connection waits while another process holds the board's write lock. SQLite's own busy handler
 * sleeps 1, 2, 5, 10, 15, 20, 25... ms between tries, while a process holds the lock for a fraction of a
 * millisecond per commit: waiting processes slept through most hand-overs and the lock stood idle (measured with
 * 4 JVMs x 4 threads on one file). This one tries again after tens of microseconds, backing off to 1 ms, until the
 * busy timeout. It also notes when it last waited, so the writer knows other processes want the lock.
 */
final class WriteLockWait extends BusyHandler {
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final long timeoutNanos;
    /** When the current wait began; only the thread running the writer's statements calls back. */
    private long since;
    private volatile long lastWait = System.nanoTime() - TimeUnit.DAYS.toNanos(1);

    WriteLockWait(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /** @return 0 to give up (the statement fails with SQLITE_BUSY), else try again */
    @Override
    protected int callback(int tries) {
        long now = System.nanoTime();
        if (tries == 0) {
            since = now;
        }
        lastWait = now;
        if (now - since >= timeoutNanos) {
            return 0;
        }
        LockSupport.parkNanos(pause(tries));
        return 1;
    }

    /** 20 us for the first few tries (a commit hands over within them), then doubling up to 1 ms. */
    static long pause(int tries) {
        int doublings = Math.max(0, tries - 3);
        return doublings >= 6 ? LONGEST_PAUSE_NANOS : Math.min(LONGEST_PAUSE_NANOS, FIRST_PAUSE_NANOS << doublings);
    }

    /** True when this connection waited for another process's lock within the last {@code nanos}. */
    boolean waitedWithin(long nanos) {
        return System.nanoTime() - lastWait < nanos;
    }
}
