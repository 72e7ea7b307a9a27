package io.kanban.core.store;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How long this process keeps its {@link WriterTurn}. Alone on the file, or with one writing thread, it gives the
 * turn back after each batch. While other processes wait for the turn and several of its own threads write, it
 * keeps the turn from one batch to the next for up to {@link #BUDGET_NANOS}: its threads then commit a run of
 * batches on a warm page cache (SQLite drops a connection's cache whenever another process has committed), and
 * the turn changes hands a few hundred times a second instead of after every batch. When no write is queued as a
 * batch ends, the leading thread waits up to {@link #LINGER_NANOS} for the next one, about what the threads of the
 * last batch need to send it, before it gives the turn back.
 *
 * <p>Measured with 4 JVMs x 4 threads on one board file ({@code kanban bench --processes}), four interleaved
 * pairs: 7,494 / 7,573 / 7,368 / 7,363 claim+complete cycles/s against 6,181 / 7,008 / 6,689 / 6,217 without.
 * Two variants that spare the leader's own thread the wait measured worse: a timer thread giving the turn back
 * (6,500 on the mean of four runs, no better than no lease), and the leader letting the writer lock go before it
 * waits, so that the next write's thread leads at once (4,964 / 5,331 / 5,496 against 7,416 / 7,879 / 7,841 in
 * interleaved pairs). Holding the lock while it waits is what lets the threads' next writes queue up and go in
 * one batch; without it each write led a batch of its own.
 *
 * <p>The leader calls {@link #beforeBatch}, {@link #afterBatch} and {@link #leaderLeaves} under the writer lock;
 * any thread that queues a write calls {@link #writeQueued}.
 */
final class TurnLease implements AutoCloseable {
    /** The longest this process keeps the turn while others wait for it. */
    static final long BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** How long the leader waits, with the turn, for this process's next write. */
    static final long LINGER_NANOS = TimeUnit.MICROSECONDS.toNanos(300);
    /** Having waited for the turn this recently means other processes are writing. */
    private static final long CONTENDED_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final WriterTurn turn;
    private final BooleanSupplier writesQueued;
    private final long budgetNanos;
    private final long lingerNanos;
    private boolean held;
    private long takenAt;
    /** The last thread that queued a write, and when another one did before it. */
    private volatile Thread lastWriter;
    private volatile long writerChangedAt = System.nanoTime() - 2 * CONTENDED_NANOS;
    private volatile Thread lingering;

    /**
     * @param turn the turn
     * @param writesQueued whether writes wait in the writer's queue
     */
    TurnLease(WriterTurn turn, BooleanSupplier writesQueued) {
        this(turn, writesQueued, BUDGET_NANOS, LINGER_NANOS);
    }

    /**
     * @param turn the turn
     * @param writesQueued whether writes wait in the writer's queue
     * @param budgetNanos the longest this process keeps the turn while others wait for it
     * @param lingerNanos how long the leader waits, with the turn, for this process's next write
     */
    TurnLease(WriterTurn turn, BooleanSupplier writesQueued, long budgetNanos, long lingerNanos) {
        this.turn = turn;
        this.writesQueued = writesQueued;
        this.budgetNanos = budgetNanos;
        this.lingerNanos = lingerNanos;
    }

    /** A thread queued a write: notes which, and wakes a leader waiting for it. */
    void writeQueued() {
        Thread me = Thread.currentThread();
        Thread last = lastWriter;
        if (last != me) {
            if (last != null) {
                writerChangedAt = System.nanoTime();
            }
            lastWriter = me;
        }
        Thread waiting = lingering;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    /** Before a batch: takes the turn, unless this process kept it from the last batch. */
    void beforeBatch() {
        if (!held) {
            held = turn.take();
            takenAt = System.nanoTime();
        }
    }

    /** After a batch's commit: gives the turn back at once, before the results go out, unless it may be kept. */
    void afterBatch() {
        if (held && !mayKeep()) {
            give();
        }
    }

    /** The leading thread leaves the writer: keeps the turn for the next leader, or gives it back. */
    void leaderLeaves() {
        if (held && !(mayKeep() && awaitWrite(lingerNanos))) {
            give();
        }
    }

    /** Other processes wait for the turn, several threads of this one write, and the budget is not spent. */
    private boolean mayKeep() {
        long now = System.nanoTime();
        return turn.waitedWithin(CONTENDED_NANOS) && now - writerChangedAt < CONTENDED_NANOS
                && now - takenAt < budgetNanos;
    }

    private void give() {
        held = false;
        turn.give();
    }

    private boolean awaitWrite(long nanos) {
        long deadline = System.nanoTime() + nanos;
        lingering = Thread.currentThread();
        try {
            while (!writesQueued.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LockSupport.parkNanos(this, left);
            }
            return true;
        } finally {
            lingering = null;
        }
    }

    /** Whether this process holds the turn now. */
    boolean holds() {
        return held;
    }

    /** Gives the turn back if this process holds it. */
    @Override
    public void close() {
        if (held) {
            give();
        }
    }
}
