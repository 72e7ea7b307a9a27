package io.kanban.core.wire;

import io.kanban.core.boards.BoardMeta;
import io.kanban.core.boards.BoardSlug;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A board as every front end lists it ({@code kanban boards list --json}, {@code GET /api/boards}): its
 * {@code board.json} fields, whether it is the active board and the home's default one, and its cards per status.
 * Written as the {@code board.json} fields in that file's order ({@code slug, name, description, icon, color,
 * default_workdir, project_id, created_at, archived}), then {@code is_current}, {@code is_default}, {@code counts}
 * and {@code total}. A front end may add fields of its own after these (the CLI adds where the board's database is).
 *
 * @param meta the board's {@code board.json}
 * @param current whether it is the active board
 * @param isDefault whether it is the home's default board
 * @param counts its tasks per status (no {@code total} entry)
 */
public record BoardSummary(BoardMeta meta, boolean current, boolean isDefault, Map<String, Long> counts) {
    /**
     * Copies the counts, keeping their order.
     *
     * @param meta the board's {@code board.json}
     * @param current whether it is the active board
     * @param isDefault whether it is the home's default board
     * @param counts its tasks per status (no {@code total} entry)
     */
    public BoardSummary {
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    /**
     * A board of a home (or of a PostgreSQL database), which is the default one when its slug says so.
     *
     * @param meta the board's {@code board.json}
     * @param current whether it is the active board
     * @param counts its tasks per status (no {@code total} entry)
     * @return the summary
     */
    public static BoardSummary of(BoardMeta meta, boolean current, Map<String, Long> counts) {
        return new BoardSummary(meta, current, BoardSlug.DEFAULT.equals(meta.slug()), counts);
    }

    /**
     * All the board's tasks.
     *
     * @return the sum of {@link #counts()}
     */
    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
