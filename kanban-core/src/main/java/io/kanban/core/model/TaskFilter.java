package io.kanban.core.model;

import java.util.Set;

/**
 * Filters for listing tasks. Null fields do not filter. Archived tasks are hidden unless
 * {@code includeArchived} is set or {@code statuses} names {@code archived}.
 */
public record TaskFilter(Set<Status> statuses, String assignee, String tenant, boolean includeArchived, int limit) {

    public static final int NO_LIMIT = 0;

    public TaskFilter {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
    }

    public static TaskFilter all() {
        return new TaskFilter(Set.of(), null, null, false, NO_LIMIT);
    }

    public TaskFilter withStatus(Status status) {
        return new TaskFilter(Set.of(status), assignee, tenant, includeArchived, limit);
    }

    public TaskFilter withAssignee(String value) {
        return new TaskFilter(statuses, value, tenant, includeArchived, limit);
    }

    public TaskFilter withTenant(String value) {
        return new TaskFilter(statuses, assignee, value, includeArchived, limit);
    }

    public TaskFilter withArchived(boolean value) {
        return new TaskFilter(statuses, assignee, tenant, value, limit);
    }

    public TaskFilter withLimit(int value) {
        return new TaskFilter(statuses, assignee, tenant, includeArchived, value);
    }
}
