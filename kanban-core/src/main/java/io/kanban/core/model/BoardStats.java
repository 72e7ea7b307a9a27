package io.kanban.core.model;

import java.time.Instant;
import java.util.Map;

/**
 * Counts per status and per assignee (then status). {@code oldestReadyAgeSeconds} is null when nothing is
 * ready.
 */
public record BoardStats(
        Map<String, Long> byStatus,
        Map<String, Map<String, Long>> byAssignee,
        Long oldestReadyAgeSeconds,
        Instant now) {
}
