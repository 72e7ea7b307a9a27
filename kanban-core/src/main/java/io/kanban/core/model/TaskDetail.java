package io.kanban.core.model;

import java.util.List;

/** Everything about one task that a person or a worker reads first. */
public record TaskDetail(
        Task task,
        List<Task> parents,
        List<Task> children,
        List<Comment> comments,
        List<Run> runs,
        List<Event> events) {
}
