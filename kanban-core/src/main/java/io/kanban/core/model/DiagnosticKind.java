package io.kanban.core.model;

import java.util.Locale;
import java.util.Optional;

/** The kinds of {@link Diagnostic}; names are the reference's where it has the rule. */
public enum DiagnosticKind {
    /** The circuit breaker blocked the card, or its attempts keep failing (spawn failures, time-outs, crashes). */
    REPEATED_FAILURES,
    /** Its last attempts all crashed: the worker itself dies, whatever the task. */
    REPEATED_CRASHES,
    /** Blocked for a day or more. */
    STUCK_IN_BLOCKED,
    /** Blocked and unblocked again and again within a day: the blocker is not being fixed. */
    BLOCK_UNBLOCK_CYCLING,
    /** Ready for half an hour or more without a worker; {@code data.cause} is our stuck-queue cause. */
    STRANDED_IN_READY,
    /** Running, but its claim expired long ago and nobody reclaimed it: no dispatcher watches it. */
    GHOST_RUNNING,
    /**
     * A worker tried to complete the card naming cards in {@code created_cards} that it did not create (the
     * {@code completion_blocked_hallucination} gate refused it); shown until the card is done.
     */
    HALLUCINATED_CARDS,
    /**
     * A completed card's summary or result mentions card ids that name no card ({@code
     * suspected_hallucinated_references}); the completion stands. Cleared by a later completion or edit.
     */
    PROSE_PHANTOM_REFS;

    private final String wire = name().toLowerCase(Locale.ROOT);

    /**
     * @return the lower-case name, as stored and shown
     */
    public String wire() {
        return wire;
    }

    /**
     * Reads a kind by its wire name.
     *
     * @param value the name
     * @return the kind, or empty if none is spelled so
     */
    public static Optional<DiagnosticKind> fromWire(String value) {
        for (DiagnosticKind k : values()) {
            if (k.wire.equals(value)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
