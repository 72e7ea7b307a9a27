package io.kanban.core.error;

import java.util.List;

/** A task cannot become ready while these parents are not done. */
public final class UnfinishedParents extends KanbanException {
    /** What {@link #taskId()} returns. */
    private final String taskId;
    /** What {@link #parentIds()} returns. */
    private final List<String> parentIds;

    /**
     * Reports the parents that hold the task back.
     *
     * @param taskId the task that cannot become ready
     * @param parentIds its parents that are not done
     */
    public UnfinishedParents(String taskId, List<String> parentIds) {
        super("task " + taskId + " waits for unfinished parents: " + String.join(", ", parentIds));
        this.taskId = taskId;
        this.parentIds = List.copyOf(parentIds);
    }

    /**
     * With each parent explained, as {@code show} prints it: "waiting for t_x (running, coder)".
     *
     * @param taskId the task that cannot become ready
     * @param action the verb refused, for the message
     * @param parentIds its parents that are not done
     * @param explanations one line per parent
     */
    public UnfinishedParents(String taskId, String action, List<String> parentIds, List<String> explanations) {
        super("task " + taskId + ": cannot " + action + ": " + String.join("; ", explanations));
        this.taskId = taskId;
        this.parentIds = List.copyOf(parentIds);
    }

    /**
     * @return the id of the task held back
     */
    public String taskId() {
        return taskId;
    }

    /**
     * @return the ids of its parents that are not done
     */
    public List<String> parentIds() {
        return parentIds;
    }

    @Override
    public String code() {
        return "unfinished_parents";
    }
}
