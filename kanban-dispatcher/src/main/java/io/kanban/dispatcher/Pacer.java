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
    private volatile News news;
    private boolean nudged; // guarded by signal

    /** Something that can end a wait early: new events on the board, for instance. */
    @FunctionalInterface
    public interface News {
        /**
         * Waits up to {@code timeout}; true as soon as there is news.
         *
         * @param timeout the longest wait
         * @return whether there is news
         * @throws InterruptedException if the waiting thread is interrupted
         */
        boolean await(Duration timeout) throws InterruptedException;
    }

    /**
     * A pacer that waits in slices of {@code slice}.
     *
     * @param slice how often a wait looks for a nudge or a stop
     */
    public Pacer(Duration slice) {
        this.sliceMillis = Math.max(1, slice.toMillis());
    }

    /**
     * Starts the loop; the host decides when the process ends (the thread is a daemon), {@link #stop} is how the
     * loop ends.
     *
     * @param threadName the loop thread's name
     * @param interval the time between rounds
     * @param round one round
     * @param failed hears a round's failure
     */
    public synchronized void start(String threadName, Duration interval, Runnable round,
                                   Consumer<RuntimeException> failed) {
        start(threadName, interval, round, failed, null);
    }

    /**
     * As {@link #start(String, Duration, Runnable, Consumer)}, and {@code news} ends a wait early, though never
     * sooner than one slice after the last round began, so a busy board does not turn the loop into a spin.
     *
     * @param threadName the loop thread's name
     * @param interval the time between rounds
     * @param round one round
     * @param failed hears a round's failure
     * @param news what ends a wait early
     */
    public synchronized void start(String threadName, Duration interval, Runnable round,
                                   Consumer<RuntimeException> failed, News news) {
        this.news = news;
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

    /**
     * @return whether a stop was asked for
     */
    public boolean stopping() {
        return stopping;
    }

    /**
     * @return whether the loop thread is alive
     */
    public boolean running() {
        Thread t = thread;
        return !stopping && t != null && t.isAlive();
    }

    /**
     * Sleeps until {@code interval} passes, a nudge or a stop, or (after a first slice) news; false when stopping
     * or interrupted.
     */
    boolean awaitNext(Duration interval) {
        long deadline = System.nanoTime() + interval.toNanos();
        boolean firstSlice = true;
        try {
            while (true) {
                long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
                synchronized (signal) {
                    if (stopping || nudged || leftMillis <= 0) {
                        nudged = false;
                        return !stopping;
                    }
                    if (news == null || firstSlice) {
                        signal.wait(Math.min(sliceMillis, leftMillis));
                        firstSlice = false;
                        continue;
                    }
                }
                if (newsArrived(Math.min(sliceMillis, leftMillis))) {
                    return !stopping;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean newsArrived(long waitMillis) throws InterruptedException {
        try {
            return news.await(Duration.ofMillis(waitMillis));
        } catch (RuntimeException e) {
            // A board that cannot be read right now has no news; the interval still brings the next round.
            synchronized (signal) {
                if (!stopping && !nudged) {
                    signal.wait(waitMillis);
                }
            }
            return false;
        }
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
     * @param timeout how long to wait for the current round
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
