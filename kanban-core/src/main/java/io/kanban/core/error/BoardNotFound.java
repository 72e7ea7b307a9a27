package io.kanban.core.error;

/** No board with this slug in the Hermes home (or it was archived). */
public final class BoardNotFound extends KanbanException {
    /** What {@link #slug()} returns. */
    private final String slug;

    /**
     * Reports that no board has this slug.
     *
     * @param slug the slug asked for
     */
    public BoardNotFound(String slug) {
        super("no board '" + slug + "' (kanban boards list shows the boards)");
        this.slug = slug;
    }

    /**
     * @return the slug that names no board
     */
    public String slug() {
        return slug;
    }

    @Override
    public String code() {
        return "board_not_found";
    }
}
