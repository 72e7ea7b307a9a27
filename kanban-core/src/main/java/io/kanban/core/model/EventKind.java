package io.kanban.core.model;

import java.util.Locale;
import java.util.Optional;

/**
 * Event kinds this kernel writes; the names are the reference's where it has one. {@code stuck} is ours: the
 * reference reads kinds it does not know as plain text, so its kernel and dashboard still read our board.
 */
public enum EventKind {
    /** A task was created. */
    CREATED,
    /** A todo task became ready: its last unfinished parent finished (or the link to it went). */
    PROMOTED,
    /** A ready task was sent back to todo. */
    DEMOTED,
    /** A worker claimed a ready task; a run opened. */
    CLAIMED,
    /** A task was completed; its run ended done. */
    COMPLETED,
    /** A task was blocked, by its worker or a person. */
    BLOCKED,
    /** A blocked task was released. */
    UNBLOCKED,
    /** A task's assignee changed. */
    ASSIGNED,
    /** A parent-child link was added. */
    LINKED,
    /** A parent-child link was removed. */
    UNLINKED,
    /** A comment was added. */
    COMMENTED,
    /** A task was archived. */
    ARCHIVED,
    /** A run was taken back (its claim expired, or a person reclaimed it); the task returns to the queue. */
    RECLAIMED,
    /** The task's worker process died without reporting. */
    CRASHED,
    /** The task's worker ran past its time limit and was stopped. */
    TIMED_OUT,
    /** The dispatcher started a worker for the task. */
    SPAWNED,
    /** The dispatcher could not start a worker for the task. */
    SPAWN_FAILED,
    /** The circuit breaker blocked the task after too many failed attempts in a row. */
    GAVE_UP,
    /** A worker reported that it is alive, with an optional note. */
    HEARTBEAT,
    /** A person moved the task by hand (a drag, {@code PATCH status}, {@code Tasks.move}). */
    STATUS,
    /** A task's priority changed. */
    REPRIORITIZED,
    /** A task's title or body changed. */
    EDITED,
    /** A file was attached to a task. */
    ATTACHED,
    /** An attachment was removed. */
    ATTACHMENT_REMOVED,
    /** A ready task started waiting past the stuck threshold without a worker; payload names the cause. */
    STUCK,
    // The reference's later kinds (HERMES-UPSTREAM §7) that this kernel writes.
    /** A task waits in todo for a parent that is not done (payload: reason, parent). */
    DEPENDENCY_WAIT,
    /** A task blocked again for the same kind too often and went to triage. */
    BLOCK_LOOP_DETECTED,
    /** A task was parked in scheduled. */
    SCHEDULED,
    /** The implementer handed the task to review. */
    REVIEW_REQUESTED,
    /** A reviewer sent the task back to its implementer. */
    CHANGES_REQUESTED,
    /** A task in review was reopened and its implementer restored. */
    REVIEW_REOPENED,
    /** A person promoted a task to ready (payload: actor, reason). */
    PROMOTED_MANUAL,
    /** A reopened card sent this descendant back to todo. */
    DESCENDANT_INVALIDATED,
    /** A completion without result or summary was refused; the task is unchanged. */
    COMPLETION_BLOCKED_EMPTY_RESULT,
    /** A worker that outlived its run (or a zombie) was reaped. */
    TERMINAL_WORKER_REAPED,
    /** A completion named cards in created_cards that the worker did not create (payload: phantom, created_cards). */
    COMPLETION_BLOCKED_HALLUCINATION,
    /**
     * Advisory: a completed card's summary or result mentions card ids that do not exist (payload: phantom_refs,
     * source); the completion stands.
     */
    SUSPECTED_HALLUCINATED_REFERENCES,
    /** The worker exited with the rate-limit code; the attempt is not counted as a failure. */
    RATE_LIMITED,
    /** The worker exited cleanly without completing or blocking its task. */
    PROTOCOL_VIOLATION,
    /** The dispatcher held back a respawn (a cooldown, a recent success, an open PR). */
    RESPAWN_GUARDED,
    /** The dispatcher skipped a task whose assignee is not a profile it can start. */
    SKIPPED_NONSPAWNABLE,
    /** A card's model/provider override was set or cleared (payload: model, provider; nulls when cleared). */
    MODEL_OVERRIDE_SET,
    /** A card's reasoning level was set or cleared (payload: reasoning_effort; null when cleared). */
    REASONING_EFFORT_SET,
    /** Ours: a scheduled task's due time came and the dispatcher woke it (the reference has no timer). */
    SCHEDULE_DUE;

    private final String wire = name().toLowerCase(Locale.ROOT);

    /**
     * The kind as stored in {@code task_events.kind}.
     *
     * @return the lower-case name
     */
    public String wire() {
        return wire;
    }

    /**
     * Reads a stored kind. Events written by other kernels may carry kinds we do not know; they are kept as text.
     *
     * @param value the stored kind
     * @return the kind, or empty for a kind this code does not know
     */
    public static Optional<EventKind> fromWire(String value) {
        for (EventKind k : values()) {
            if (k.wire.equals(value)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
