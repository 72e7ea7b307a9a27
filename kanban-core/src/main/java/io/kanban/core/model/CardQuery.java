package io.kanban.core.model;

/**
 * Which cards a board view shows: null fields do not filter. {@code search} matches, ignoring case, a card whose
 * id, title, assignee or skills contain it. Archived cards show only with {@code includeArchived}.
 *
 * @param tenant the tenant shown, or null for any
 * @param assignee the assignee shown, or null for any
 * @param search text a card's id, title, assignee or skills must contain, or null
 * @param includeArchived whether archived cards show
 */
public record CardQuery(String tenant, String assignee, String search, boolean includeArchived) {

    /**
     * Every card but archived ones.
     *
     * @return the query that filters nothing else
     */
    public static CardQuery all() {
        return new CardQuery(null, null, null, false);
    }

    /**
     * Strips {@code search}; a blank search does not filter.
     *
     * @param tenant the tenant shown, or null for any
     * @param assignee the assignee shown, or null for any
     * @param search text a card's id, title, assignee or skills must contain, or null
     * @param includeArchived whether archived cards show
     */
    public CardQuery {
        search = search == null || search.isBlank() ? null : search.strip();
    }

    /**
     * @param value the tenant to show, or null for any
     * @return a copy with this tenant
     */
    public CardQuery withTenant(String value) {
        return new CardQuery(value, assignee, search, includeArchived);
    }
}
