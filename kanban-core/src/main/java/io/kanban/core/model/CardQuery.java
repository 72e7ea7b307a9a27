package io.kanban.core.model;

/**
 * Which cards a board view shows: null fields do not filter. {@code search} matches, ignoring case, a card whose
 * id, title, assignee or skills contain it. Archived cards show only with {@code includeArchived}.
 */
public record CardQuery(String tenant, String assignee, String search, boolean includeArchived) {

    public static CardQuery all() {
        return new CardQuery(null, null, null, false);
    }

    public CardQuery {
        search = search == null || search.isBlank() ? null : search.strip();
    }

    public CardQuery withTenant(String value) {
        return new CardQuery(value, assignee, search, includeArchived);
    }
}
