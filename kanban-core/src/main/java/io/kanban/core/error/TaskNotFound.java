package io.kanban.core.error;

public final class TaskNotFound extends KanbanException {
    private final String taskId;

    public TaskNotFound(String taskId) {
        super("no task with id '" + taskId + "'");
        this.taskId = taskId;
    }

    public String taskId() {
        return taskId;
    }

    @Override
    public String code() {
        return "task_not_found";
    }
}
