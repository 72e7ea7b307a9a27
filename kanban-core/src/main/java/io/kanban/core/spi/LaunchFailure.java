package io.kanban.core.spi;

/**
 * A worker could not be started; the message is recorded on the run and counts toward the breaker, unless the host
 * refused it ({@link #infrastructure()}: out of processes, memory or disk), which the card cannot help: such a
 * spawn failure is not counted and the card waits out the cooldown ({@code infrastructure_cooldown}).
 */
public final class LaunchFailure extends Exception {
    /** What {@link #infrastructure()} returns. */
    private final boolean infrastructure;

    /** @param message why the worker could not start, as the run records it */
    public LaunchFailure(String message) {
        super(message);
        this.infrastructure = false;
    }

    /**
     * @param message why the worker could not start, as the run records it
     * @param cause the underlying error
     */
    public LaunchFailure(String message, Throwable cause) {
        this(message, cause, false);
    }

    private LaunchFailure(String message, Throwable cause, boolean infrastructure) {
        super(message, cause);
        this.infrastructure = infrastructure;
    }

    /**
     * The host refused the worker: nothing about the card ran, so it spends none of its retries.
     *
     * @param message why, as the run records it
     * @param cause the underlying error, or null
     * @return the failure
     */
    public static LaunchFailure refusedByHost(String message, Throwable cause) {
        return new LaunchFailure(message, cause, true);
    }

    /** @return whether the host, not the card, made the spawn fail */
    public boolean infrastructure() {
        return infrastructure;
    }
}
