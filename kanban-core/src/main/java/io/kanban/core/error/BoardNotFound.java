package io.kanban.core.error;

/** No board with this slug in the Hermes home (or it was archived). */
public final class BoardNotFound extends KanbanException {
    private final String slug;

    public BoardNotFound(String slug) {
        super("no board '" + slug + "' (kanban boards list shows the boards)");
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }

    @Override
    public String code() {
        return "board_not_found";
    }
}
