package io.kanban.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Counts per status and per assignee (then status). {@code oldestReadyAgeSeconds} is null when nothing is
 * ready; it counts from when each task last became ready. {@code stuck} lists the ready tasks a dispatcher
 * reported as stuck in their current ready spell (see {@link io.kanban.core.Health}), highest priority first.
 */
public record BoardStats(
        Map<String, Long> byStatus,
        Map<String, Map<String, Long>> byAssignee,
        Long oldestReadyAgeSeconds,
        Instant now,
        List<StuckTask> stuck) {
}
