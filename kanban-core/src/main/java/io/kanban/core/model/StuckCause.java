package io.kanban.core.model;

import java.util.Locale;
import java.util.Optional;

/** Why a ready task is not getting a worker. */
public enum StuckCause {
    /** No assignee, so no worker profile can run it. */
    UNASSIGNED,
    /** The assignee names a worker profile this host does not have. */
    UNKNOWN_PROFILE,
    /** Its profile already runs as many workers as allowed. */
    ASSIGNEE_AT_LIMIT,
    /** The host already runs as many workers as allowed ({@code max_in_progress}, every board counted). */
    GLOBAL_LIMIT,
    /** Each tick starts only so many workers and others came first. */
    TICK_LIMIT,
    /** Another dispatcher keeps claiming it first. */
    CLAIMED_ELSEWHERE,
    /** Its profile was rate-limited lately and cools down before its next spawn. */
    RATE_LIMIT_COOLDOWN,
    /** Its assignee is not a profile this dispatcher may run ({@code kanban.dispatch_profiles}). */
    NOT_IN_DISPATCH_PROFILES,
    /** The host is short of memory, so spawns are held back. */
    MEMORY_PRESSURE,
    /** Respawn guard: the host refused its last spawn and it waits out the cooldown. */
    INFRASTRUCTURE_COOLDOWN,
    /** Respawn guard: its last failure names a quota or auth wall; a retry cannot help. */
    BLOCKER_AUTH,
    /** Respawn guard: a run completed it within the hour and nothing re-queued it. */
    RECENT_SUCCESS,
    /** Respawn guard: a recent comment links a pull request a new worker would duplicate. */
    ACTIVE_PR,
    /** Its attempts keep failing (spawn failures, crashes, time-outs) and it waits to be retried. */
    FAILING,
    /** No dispatcher tick looked at it: none is running for this board, or it lies past the queue window. */
    NOT_REACHED,
    /** The circuit breaker blocked it after repeated failed attempts. */
    BREAKER_OPEN;

    private final String wire = name().toLowerCase(Locale.ROOT);

    /**
     * @return the lower-case name, as stored in the event's payload
     */
    public String wire() {
        return wire;
    }

    /**
     * Reads a cause by its wire name.
     *
     * @param value the name
     * @return the cause, or empty if none is spelled so
     */
    public static Optional<StuckCause> fromWire(String value) {
        for (StuckCause c : values()) {
            if (c.wire.equals(value)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
