package io.kanban.dispatcher;

import java.time.Duration;

/**
 * Paces a background loop (the dispatcher's ticks, the notifier's passes): waits out the interval in short
 * slices, so a nudge starts the next round at once and a stop ends the wait promptly.
 */
public final class Pacer {
    private final long sliceMillis;
    private final Object signal = new Object();
    private volatile boolean stopping;
    private boolean nudged; // guarded by signal

    public Pacer(Duration slice) {
        this.sliceMillis = Math.max(1, slice.toMillis());
    }

    public boolean stopping() {
        return stopping;
    }

    /** Sleeps until {@code interval} passes, a nudge or a stop; false when stopping or interrupted. */
    public boolean awaitNext(Duration interval) {
        long deadline = System.nanoTime() + interval.toNanos();
        synchronized (signal) {
            try {
                while (!stopping && !nudged) {
                    long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
                    if (leftMillis <= 0) {
                        break;
                    }
                    signal.wait(Math.min(sliceMillis, leftMillis));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                nudged = false;
            }
        }
        return !stopping;
    }

    /** The next round now, without waiting out the interval. */
    public void nudge() {
        synchronized (signal) {
            nudged = true;
            signal.notifyAll();
        }
    }

    /** Ends the current wait and every later one. */
    public void stop() {
        stopping = true;
        synchronized (signal) {
            signal.notifyAll();
        }
    }
}
