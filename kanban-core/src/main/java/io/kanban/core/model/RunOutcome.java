package io.kanban.core.model;

import java.util.Locale;

/** How an attempt ended. A completed run is stored with run status {@code done}; the others use the outcome. */
public enum RunOutcome {
    COMPLETED, BLOCKED, CRASHED, TIMED_OUT, SPAWN_FAILED, GAVE_UP, RECLAIMED,
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

    public String wire() {
        return wire;
    }

    /** The value of {@code task_runs.status} once a run ends this way. */
    public String runStatus() {
        return this == COMPLETED ? "done" : wire;
    }

    /** Failed attempts feed the circuit breaker; completed and blocked runs reset it. */
    public boolean isFailure() {
        return this == CRASHED || this == TIMED_OUT || this == SPAWN_FAILED || this == GAVE_UP || this == RECLAIMED;
    }

    public static RunOutcome fromWire(String value) {
        for (RunOutcome o : values()) {
            if (o.wire.equals(value)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown run outcome '" + value + "'");
    }
}
