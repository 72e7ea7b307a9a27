package io.kanban.core.wire;

import io.kanban.core.boards.BoardMeta;

/** The shape of a board as front ends list it ({@link BoardSummary}): written once, for the CLI and REST alike. */
final class BoardShapes {
    private BoardShapes() {
    }

    static final Shape<BoardSummary> SUMMARY = Shape.of(BoardSummary.class, (b, out) -> {
        BoardMeta m = b.meta();
        out.text("slug", m.slug());
        out.text("name", m.name());
        out.text("description", m.description());
        out.text("icon", m.icon());
        out.text("color", m.color());
        out.text("default_workdir", m.defaultWorkdir());
        out.text("project_id", m.projectId());
        out.number("created_at", m.createdAt());
        out.bool("archived", m.archived());
        out.bool("is_current", b.current());
        out.bool("is_default", b.isDefault());
        out.value("counts", b.counts());
        out.number("total", b.total());
    });
}
