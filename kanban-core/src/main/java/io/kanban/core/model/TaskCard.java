package io.kanban.core.model;

import java.time.Instant;
import java.util.List;

/**
 * What a board card shows of a task: the columns a list of thousands reads instead of whole rows (no body,
 * result, claim or workspace). The full row stays one {@code Tasks.get} away. {@code skills} is never null.
 */
public record TaskCard(
        String id,
        String title,
        String assignee,
        Status status,
        int priority,
        String tenant,
        List<String> skills,
        Instant createdAt,
        int consecutiveFailures,
        String lastFailureError) {

    public TaskCard {
        skills = skills == null ? List.of() : List.copyOf(skills);
    }

    public static TaskCard of(Task t) {
        return new TaskCard(t.id(), t.title(), t.assignee(), t.status(), t.priority(), t.tenant(), t.skills(),
                t.createdAt(), t.consecutiveFailures(), t.lastFailureError());
    }
}
