package io.kanban.core.model;

/** A task a person should look at, and why. */
public record Attention(String taskId, String title, Kind kind, String message) {

    /** Why the task needs a look. */
    public enum Kind {
        /** The circuit breaker blocked it after repeated failed attempts. */
        BREAKER_OPEN,
        /** Its last attempts failed (crash, time-out, spawn failure) but it is still being retried. */
        REPEATED_FAILURES,
        /** It has been ready longer than the threshold without a worker. */
        STUCK_READY
    }
}
