package io.kanban.core.model;

import java.time.Instant;
import java.util.Optional;

/**
 * One row of the append-only event log. {@code kind} stays text because other kernels writing the same
 * board may use kinds this one does not know; {@code payload} is JSON text or null.
 */
public record Event(long id, String taskId, Long runId, String kind, String payload, Instant createdAt) {

    /**
     * @return the kind, or empty for a kind another kernel wrote that this code does not know
     */
    public Optional<EventKind> knownKind() {
        return EventKind.fromWire(kind);
    }
}
