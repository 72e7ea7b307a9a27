package io.kanban.core.error;

import io.kanban.core.model.Status;

/** A status move that the lifecycle does not allow from where the task stands. */
public final class IllegalTransition extends KanbanException {
    /** What {@link #taskId()} returns. */
    private final String taskId;
    /** What {@link #from()} returns. */
    private final Status from;
    /** What {@link #action()} returns. */
    private final String action;

    /**
     * Reports an action the task's status does not allow.
     *
     * @param taskId the task
     * @param from the status it is in
     * @param action the refused action, as a verb phrase ("assign", "heartbeat")
     */
    public IllegalTransition(String taskId, Status from, String action) {
        super("task " + taskId + " is " + from.wire() + "; cannot " + action);
        this.taskId = taskId;
        this.from = from;
        this.action = action;
    }

    /**
     * Reports an action the task's status does not allow, saying why.
     *
     * @param taskId the task
     * @param from the status it is in
     * @param action the refused action, as a verb phrase
     * @param why the reason, for the message
     */
    public IllegalTransition(String taskId, Status from, String action, String why) {
        super("task " + taskId + " is " + from.wire() + "; cannot " + action + ": " + why);
        this.taskId = taskId;
        this.from = from;
        this.action = action;
    }

    /**
     * @return the id of the task
     */
    public String taskId() {
        return taskId;
    }

    /**
     * @return the status the task was in when the action was refused
     */
    public Status from() {
        return from;
    }

    /**
     * @return the refused action
     */
    public String action() {
        return action;
    }

    @Override
    public String code() {
        return "illegal_transition";
    }
}
