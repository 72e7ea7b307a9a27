package io.kanban.dispatcher;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs a background loop (the dispatcher's ticks, the notifier's passes) on a daemon thread of its own: one round
 * at once, then one after every interval. The wait goes in short slices, so a nudge starts the next round at
 * once and a stop ends the wait promptly. A failing round is reported and the loop goes on.
 */
public final class Pacer {
    private final long sliceMillis;
    private final Object signal = new Object();
    private volatile boolean stopping;
    private volatile Thread thread;
    private boolean nudged; // guarded by signal

    public Pacer(Duration slice) {
        this.sliceMillis = Math.max(1, slice.toMillis());
    }

    /**
     * Starts the loop; the host decides when the process ends (the thread is a daemon), {@link #stop} is how the
     * loop ends.
     */
    public synchronized void start(String threadName, Duration interval, Runnable round,
                                   Consumer<RuntimeException> failed) {
        if (thread != null) {
            throw new IllegalStateException(threadName + " is already started");
        }
        Thread t = new Thread(() -> {
            while (!stopping) {
                try {
                    round.run();
                } catch (RuntimeException e) {
                    failed.accept(e);
                }
                if (!awaitNext(interval)) {
                    break;
                }
            }
        }, threadName);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    public boolean stopping() {
        return stopping;
    }

    public boolean running() {
        Thread t = thread;
        return !stopping && t != null && t.isAlive();
    }

    /** Sleeps until {@code interval} passes, a nudge or a stop; false when stopping or interrupted. */
    boolean awaitNext(Duration interval) {
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

    /** Ends the current wait and every later round. */
    public void stop() {
        stopping = true;
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /**
     * Stops the loop and waits up to {@code timeout} for its round in progress to end.
     *
     * @return the loop's thread when it is still running a round after the timeout (the caller decides whether
     *     to interrupt it), else empty
     */
    public Optional<Thread> stopAndAwait(Duration timeout) {
        stop();
        Thread t = thread;
        if (t == null || t == Thread.currentThread()) {
            return Optional.empty();
        }
        try {
            t.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return t.isAlive() ? Optional.of(t) : Optional.empty();
    }
}
