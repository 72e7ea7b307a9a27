package io.kanban.core.error;

/** A tenant-scoped handle touched a task of another tenant. */
public final class TenantMismatch extends KanbanException {
    private final String taskId;
    private final String tenant;

    public TenantMismatch(String taskId, String tenant) {
        super("task " + taskId + " is not in tenant '" + tenant + "'");
        this.taskId = taskId;
        this.tenant = tenant;
    }

    public String taskId() {
        return taskId;
    }

    public String tenant() {
        return tenant;
    }

    @Override
    public String code() {
        return "wrong_tenant";
    }
}
