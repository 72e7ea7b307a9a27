package io.kanban.core.model;

import java.util.List;

/**
 * What a garbage collection removed: the archived tasks it deleted, how many events it trimmed, and the archived
 * tasks whose scratch workspaces may go (their rows may stay until they are old enough).
 *
 * @param removedTasks the ids of the archived tasks deleted
 * @param eventsRemoved how many events were trimmed
 * @param archivedScratch archived tasks whose scratch workspaces may be deleted
 */
public record GcReport(List<String> removedTasks, int eventsRemoved, List<String> archivedScratch) {
    /**
     * Copies the lists.
     *
     * @param removedTasks the ids of the archived tasks deleted
     * @param eventsRemoved how many events were trimmed
     * @param archivedScratch archived tasks whose scratch workspaces may be deleted
     */
    public GcReport {
        removedTasks = List.copyOf(removedTasks);
        archivedScratch = List.copyOf(archivedScratch);
    }

    /**
     * @return how many archived tasks were deleted
     */
    public int tasksRemoved() {
        return removedTasks.size();
    }
}
