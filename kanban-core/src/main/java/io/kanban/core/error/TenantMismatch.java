package io.kanban.core.error;

/** A tenant-scoped handle touched a task of another tenant. */
public final class TenantMismatch extends KanbanException {
    /** What {@link #taskId()} returns. */
    private final String taskId;
    /** What {@link #tenant()} returns. */
    private final String tenant;

    /**
     * Reports a task outside the handle's tenant.
     *
     * @param taskId the task touched
     * @param tenant the handle's tenant
     */
    public TenantMismatch(String taskId, String tenant) {
        super("task " + taskId + " is not in tenant '" + tenant + "'");
        this.taskId = taskId;
        this.tenant = tenant;
    }

    /**
     * @return the id of the task of another tenant
     */
    public String taskId() {
        return taskId;
    }

    /**
     * @return the tenant of the handle that touched it
     */
    public String tenant() {
        return tenant;
    }

    @Override
    public String code() {
        return "wrong_tenant";
    }
}
