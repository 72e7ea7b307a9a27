package io.kanban.core.model;

/** A won claim: the task as it now stands (running) and the run opened for this attempt. */
public record ClaimedTask(Task task, Run run) {
}
