package io.kanban.core.model;

import java.util.Locale;
import java.util.Optional;

/**
 * Event kinds this kernel writes; the names are the reference's where it has one. {@code stuck} is ours: the
 * reference reads kinds it does not know as plain text, so its kernel and dashboard still read our board.
 */
public enum EventKind {
    CREATED, PROMOTED, DEMOTED, CLAIMED, COMPLETED, BLOCKED, UNBLOCKED, ASSIGNED, LINKED, UNLINKED,
    COMMENTED, ARCHIVED, RECLAIMED, CRASHED, TIMED_OUT, SPAWNED, SPAWN_FAILED, GAVE_UP, HEARTBEAT,
    STATUS, REPRIORITIZED, EDITED, ATTACHED, ATTACHMENT_REMOVED,
    /** A ready task started waiting past the stuck threshold without a worker; payload names the cause. */
    STUCK,
    // The reference's later kinds (HERMES-UPSTREAM §7) that this kernel writes.
    DEPENDENCY_WAIT, BLOCK_LOOP_DETECTED, SCHEDULED, REVIEW_REQUESTED, CHANGES_REQUESTED, REVIEW_REOPENED,
    PROMOTED_MANUAL, DESCENDANT_INVALIDATED, COMPLETION_BLOCKED_EMPTY_RESULT, TERMINAL_WORKER_REAPED,
    /** A completion named cards in created_cards that the worker did not create (payload: phantom, created_cards). */
    COMPLETION_BLOCKED_HALLUCINATION,
    /**
     * Advisory: a completed card's summary or result mentions card ids that do not exist (payload: phantom_refs,
     * source); the completion stands.
     */
    SUSPECTED_HALLUCINATED_REFERENCES,
    RATE_LIMITED, PROTOCOL_VIOLATION, RESPAWN_GUARDED, SKIPPED_NONSPAWNABLE,
    /** A card's model/provider override was set or cleared (payload: model, provider; nulls when cleared). */
    MODEL_OVERRIDE_SET,
    /** A card's reasoning level was set or cleared (payload: reasoning_effort; null when cleared). */
    REASONING_EFFORT_SET,
    /** Ours: a scheduled task's due time came and the dispatcher woke it (the reference has no timer). */
    SCHEDULE_DUE;

    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wire() {
        return wire;
    }

    /** Events written by other kernels may carry kinds we do not know; they are kept as text. */
    public static Optional<EventKind> fromWire(String value) {
        for (EventKind k : values()) {
            if (k.wire.equals(value)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
