package io.kanban.core.model;

/** What a garbage collection removed. */
public record GcReport(int tasksRemoved, int eventsRemoved) {
}
