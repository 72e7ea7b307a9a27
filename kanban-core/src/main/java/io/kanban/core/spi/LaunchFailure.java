package io.kanban.core.spi;

/** A worker could not be started; the message is recorded on the run and counts toward the breaker. */
public final class LaunchFailure extends Exception {
    /** @param message why the worker could not start, as the run records it */
    public LaunchFailure(String message) {
        super(message);
    }

    /**
     * @param message why the worker could not start, as the run records it
     * @param cause the underlying error
     */
    public LaunchFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
