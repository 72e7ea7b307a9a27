package io.kanban.core.boards;

import io.kanban.core.error.BoardNotFound;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which board a process works on, and why. A location named directly wins: {@code --db}, then
 * {@value #DB_VARIABLE} (what the dispatcher pins on its workers), then {@value #KANBAN_DB_VARIABLE}. Otherwise a
 * board of the home: {@code --board SLUG} (which must exist), then {@value #BOARD_VARIABLE}, then the
 * {@code kanban/current} file, then the default board. As in the reference, the variable and the file count only
 * when they name a board that exists.
 *
 * @param slug the board's slug, or null when a location was named directly
 * @param location the board file's path or a JDBC URL, for {@link io.kanban.core.Board#open(String)}
 * @param source what chose it: {@code --db}, a variable's name, {@code --board}, {@code current} or {@code default}
 */
public record BoardSelection(String slug, String location, String source) {
    /** The board location the dispatcher pins on its workers. */
    public static final String DB_VARIABLE = "HERMES_KANBAN_DB";
    /** A board location set by the user. */
    public static final String KANBAN_DB_VARIABLE = "KANBAN_DB";
    /** The slug of the home's board to use. */
    public static final String BOARD_VARIABLE = "HERMES_KANBAN_BOARD";
    /** Where scratch workspaces are made instead of the board's own folder. */
    public static final String WORKSPACES_ROOT_VARIABLE = "HERMES_KANBAN_WORKSPACES_ROOT";

    /**
     * The board for {@code dbFlag} ({@code --db}, may be null) and {@code boardFlag} ({@code --board}, may be null)
     * in the environment {@code env}.
     *
     * @throws io.kanban.core.error.ValidationError if {@code --board} is not a slug
     * @throws BoardNotFound if {@code --board} names a board that does not exist
     * @param dbFlag the {@code --db} value, or null
     * @param boardFlag the {@code --board} value, or null
     * @param env the environment
     * @return the selection
     */
    public static BoardSelection resolve(String dbFlag, String boardFlag, Map<String, String> env) {
        if (present(dbFlag)) {
            return new BoardSelection(null, dbFlag.startsWith("jdbc:") ? dbFlag : Path.of(dbFlag).toString(), "--db");
        }
        for (String variable : new String[] {DB_VARIABLE, KANBAN_DB_VARIABLE}) {
            String value = env.get(variable);
            if (present(value)) {
                return new BoardSelection(null, value.strip(), variable);
            }
        }
        Boards boards = new Boards(BoardLayout.of(env));
        if (present(boardFlag)) {
            BoardSlug slug = BoardSlug.of(boardFlag);
            if (!boards.exists(slug)) {
                throw new BoardNotFound(slug.value());
            }
            return of(boards, slug, "--board");
        }
        String fromEnv = env.get(BOARD_VARIABLE);
        if (present(fromEnv)) {
            BoardSlug slug = boards.existing(fromEnv).orElse(null);
            if (slug != null) {
                return of(boards, slug, BOARD_VARIABLE);
            }
        }
        BoardSlug current = boards.currentFromFile().orElse(null);
        if (current != null) {
            return of(boards, current, "current");
        }
        return of(boards, BoardSlug.defaultBoard(), "default");
    }

    private static BoardSelection of(Boards boards, BoardSlug slug, String source) {
        return new BoardSelection(slug.value(), boards.layout().db(slug).toString(), source);
    }

    /**
     * True when the location was named directly ({@code --db} or a variable), not picked among the home's boards.
     *
     * @return whether a location was named directly
     */
    public boolean named() {
        return slug == null;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
