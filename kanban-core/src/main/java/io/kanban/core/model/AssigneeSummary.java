package io.kanban.core.model;

import java.time.Instant;
import java.util.Map;

/** One profile on the roster: its tasks per status and when it last worked. */
public record AssigneeSummary(String assignee, Map<String, Long> byStatus, long running, Instant lastActivity) {
}
