package io.kanban.core.model;

import java.util.List;

/**
 * What a garbage collection removed: the archived tasks it deleted, how many events it trimmed, and the archived
 * tasks whose scratch workspaces may go (their rows may stay until they are old enough).
 */
public record GcReport(List<String> removedTasks, int eventsRemoved, List<String> archivedScratch) {
    public GcReport {
        removedTasks = List.copyOf(removedTasks);
        archivedScratch = List.copyOf(archivedScratch);
    }

    public int tasksRemoved() {
        return removedTasks.size();
    }
}
