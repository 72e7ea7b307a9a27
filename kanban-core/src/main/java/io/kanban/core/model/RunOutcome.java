package io.kanban.core.model;

import java.util.Locale;

/** How an attempt ended. A completed run is stored with run status {@code done}; the others use the outcome. */
public enum RunOutcome {
    /** The worker completed the task. */
    COMPLETED,
    /** The task was blocked during the run. */
    BLOCKED,
    /** The worker process died without reporting. */
    CRASHED,
    /** The worker ran past its time limit and was stopped. */
    TIMED_OUT,
    /** The worker could not be started. */
    SPAWN_FAILED,
    /** The circuit breaker blocked the task during this run. */
    GAVE_UP,
    /**
     * The run was taken back: its claim expired, a new claim superseded it, or a person reclaimed, moved or
     * archived the task.
     */
    RECLAIMED,
    /** The implementer handed the task to review. */
    REVIEW_REQUESTED,
    /** A reviewer sent the task back to its implementer. */
    CHANGES_REQUESTED,
    /** The task was parked in scheduled while its run was open. */
    SCHEDULED,
    /** Written by the reference kernel only; read. */
    STALE,
    /** The worker exited with the rate-limit code (75): not a failure of the task, not counted. */
    RATE_LIMITED;

    private final String wire = name().toLowerCase(Locale.ROOT);

    /**
     * The outcome as stored in {@code task_runs.outcome}.
     *
     * @return the lower-case name
     */
    public String wire() {
        return wire;
    }

    /**
     * The value of {@code task_runs.status} once a run ends this way.
     *
     * @return {@code done} for a completion, else the outcome's wire name
     */
    public String runStatus() {
        return this == COMPLETED ? "done" : wire;
    }

    /**
     * Failed attempts feed the circuit breaker; completed and blocked runs reset it.
     *
     * @return whether this outcome counts as a failure
     */
    public boolean isFailure() {
        return this == CRASHED || this == TIMED_OUT || this == SPAWN_FAILED || this == GAVE_UP || this == RECLAIMED;
    }

    /**
     * Reads a stored outcome.
     *
     * @param value the stored name
     * @return the outcome
     * @throws IllegalArgumentException if no outcome is spelled so
     */
    public static RunOutcome fromWire(String value) {
        for (RunOutcome o : values()) {
            if (o.wire.equals(value)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown run outcome '" + value + "'");
    }
}
