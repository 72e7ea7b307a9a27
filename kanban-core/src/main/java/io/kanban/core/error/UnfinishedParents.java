package io.kanban.core.error;

import java.util.List;

/** A task cannot become ready while these parents are not done. */
public final class UnfinishedParents extends KanbanException {
    private final String taskId;
    private final List<String> parentIds;

    public UnfinishedParents(String taskId, List<String> parentIds) {
        super("task " + taskId + " waits for unfinished parents: " + String.join(", ", parentIds));
        this.taskId = taskId;
        this.parentIds = List.copyOf(parentIds);
    }

    /**
     * With each parent explained, as {@code show} prints it: "waiting for t_x (running, coder)".
     *
     * @param action the verb refused, for the message
     */
    public UnfinishedParents(String taskId, String action, List<String> parentIds, List<String> explanations) {
        super("task " + taskId + ": cannot " + action + ": " + String.join("; ", explanations));
        this.taskId = taskId;
        this.parentIds = List.copyOf(parentIds);
    }

    public String taskId() {
        return taskId;
    }

    public List<String> parentIds() {
        return parentIds;
    }

    @Override
    public String code() {
        return "unfinished_parents";
    }
}
