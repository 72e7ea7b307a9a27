package io.kanban.core.error;

/**
 * No task with this id on the board (a tenant handle also reports tasks of other tenants as mismatched, not missing).
 */
public final class TaskNotFound extends KanbanException {
    /** What {@link #taskId()} returns. */
    private final String taskId;

    /**
     * Reports that no task has this id.
     *
     * @param taskId the id asked for
     */
    public TaskNotFound(String taskId) {
        super("no task with id '" + taskId + "'");
        this.taskId = taskId;
    }

    /**
     * @return the id that names no task
     */
    public String taskId() {
        return taskId;
    }

    @Override
    public String code() {
        return "task_not_found";
    }
}
