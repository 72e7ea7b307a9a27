package io.kanban.core.spi;

/** A worker could not be started; the message is recorded on the run and counts toward the breaker. */
public final class LaunchFailure extends Exception {
    public LaunchFailure(String message) {
        super(message);
    }

    public LaunchFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
