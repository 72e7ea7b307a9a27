package io.kanban.core.error;

import io.kanban.core.model.Status;

/** A status move that the lifecycle does not allow from where the task stands. */
public final class IllegalTransition extends KanbanException {
    private final String taskId;
    private final Status from;
    private final String action;

    public IllegalTransition(String taskId, Status from, String action) {
        super("task " + taskId + " is " + from.wire() + "; cannot " + action);
        this.taskId = taskId;
        this.from = from;
        this.action = action;
    }

    public IllegalTransition(String taskId, Status from, String action, String why) {
        super("task " + taskId + " is " + from.wire() + "; cannot " + action + ": " + why);
        this.taskId = taskId;
        this.from = from;
        this.action = action;
    }

    public String taskId() {
        return taskId;
    }

    public Status from() {
        return from;
    }

    public String action() {
        return action;
    }

    @Override
    public String code() {
        return "illegal_transition";
    }
}
