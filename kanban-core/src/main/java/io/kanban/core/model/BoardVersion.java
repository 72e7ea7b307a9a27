package io.kanban.core.model;

/**
 * Identifies a state of the board for caching what was read from it. Every change to a task appends an event,
 * so the newest event id moves with each one; the task count catches the one change that does not (garbage
 * collection deletes archived tasks together with their events).
 */
public record BoardVersion(long latestEventId, long taskCount) {
}
