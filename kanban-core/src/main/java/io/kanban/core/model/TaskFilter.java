package io.kanban.core.model;

import java.util.Set;

/**
 * Filters for listing tasks. Null fields do not filter. Archived tasks are hidden unless
 * {@code includeArchived} is set or {@code statuses} names {@code archived}.
 *
 * @param statuses the statuses to list; empty for any
 * @param assignee the assignee to list, or null for any
 * @param tenant the tenant to list, or null for any
 * @param includeArchived whether archived tasks are listed
 * @param limit the most tasks listed, or {@link #NO_LIMIT}
 */
public record TaskFilter(Set<Status> statuses, String assignee, String tenant, boolean includeArchived, int limit) {

    /** The {@code limit} that lists every matching task. */
    public static final int NO_LIMIT = 0;

    /**
     * Copies the statuses; null means any status.
     *
     * @param statuses the statuses to list; empty for any
     * @param assignee the assignee to list, or null for any
     * @param tenant the tenant to list, or null for any
     * @param includeArchived whether archived tasks are listed
     * @param limit the most tasks listed, or {@link #NO_LIMIT}
     */
    public TaskFilter {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
    }

    /**
     * Every task but archived ones, without a limit.
     *
     * @return the filter that filters nothing else
     */
    public static TaskFilter all() {
        return new TaskFilter(Set.of(), null, null, false, NO_LIMIT);
    }

    /**
     * @param status the only status to list
     * @return a copy that lists tasks in {@code status} only
     */
    public TaskFilter withStatus(Status status) {
        return new TaskFilter(Set.of(status), assignee, tenant, includeArchived, limit);
    }

    /**
     * @param value the assignee to list, or null for any
     * @return a copy with this assignee
     */
    public TaskFilter withAssignee(String value) {
        return new TaskFilter(statuses, value, tenant, includeArchived, limit);
    }

    /**
     * @param value the tenant to list, or null for any
     * @return a copy with this tenant
     */
    public TaskFilter withTenant(String value) {
        return new TaskFilter(statuses, assignee, value, includeArchived, limit);
    }

    /**
     * @param value whether archived tasks are listed too
     * @return a copy with this setting
     */
    public TaskFilter withArchived(boolean value) {
        return new TaskFilter(statuses, assignee, tenant, value, limit);
    }

    /**
     * @param value the most tasks to list, or {@link #NO_LIMIT}
     * @return a copy with this limit
     */
    public TaskFilter withLimit(int value) {
        return new TaskFilter(statuses, assignee, tenant, includeArchived, value);
    }
}
