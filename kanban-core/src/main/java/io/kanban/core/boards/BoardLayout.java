package io.kanban.core.boards;

import io.kanban.core.BoardLocation;
import java.nio.file.Path;
import java.util.Map;

/**
 * The reference's layout of a Hermes home's boards ({@code root} = {@code $HERMES_KANBAN_HOME}, else
 * {@code $HERMES_HOME}): the default board is {@code <root>/kanban.db} with its metadata in
 * {@code <root>/kanban/boards/default/board.json}; every other board is a directory
 * {@code <root>/kanban/boards/<slug>/} holding {@code kanban.db}, {@code board.json}, {@code workspaces/},
 * {@code logs/} and {@code attachments/}. Archived boards move to {@code kanban/boards/_archived/}; the active board
 * is named in {@code kanban/current}.
 */
public record BoardLayout(Path root) {
    /** The variable that moves the boards' root away from {@code $HERMES_HOME}. */
    public static final String KANBAN_HOME_VARIABLE = "HERMES_KANBAN_HOME";
    /** A board's metadata file name. */
    public static final String META_FILE = "board.json";
    /** The directory under {@code kanban/boards/} archived boards move to. */
    public static final String ARCHIVED = "_archived";

    /**
     * Makes {@code root} absolute and normal.
     *
     * @param root the home the boards are in
     */
    public BoardLayout {
        root = root.toAbsolutePath().normalize();
    }

    /**
     * The layout of the home {@code env} names: {@value #KANBAN_HOME_VARIABLE}, else {@code $HERMES_HOME}.
     *
     * @param env the environment
     * @return the layout
     */
    public static BoardLayout of(Map<String, String> env) {
        String home = env.get(KANBAN_HOME_VARIABLE);
        return new BoardLayout(home != null && !home.isBlank() ? Path.of(home) : BoardLocation.hermesHome(env));
    }

    /**
     * @return {@code <root>/kanban}
     */
    public Path kanbanDir() {
        return root.resolve("kanban");
    }

    /**
     * @return {@code <root>/kanban/boards}
     */
    public Path boardsDir() {
        return kanbanDir().resolve("boards");
    }

    /**
     * @return {@code <root>/kanban/boards/_archived}
     */
    public Path archivedDir() {
        return boardsDir().resolve(ARCHIVED);
    }

    /**
     * The file naming the active board: one line, {@code slug\n}.
     *
     * @return {@code <root>/kanban/current}
     */
    public Path currentFile() {
        return kanbanDir().resolve("current");
    }

    /**
     * The board's directory; the default board's holds only its {@code board.json}.
     *
     * @param slug the board's slug
     * @return the directory
     */
    public Path dir(BoardSlug slug) {
        return boardsDir().resolve(slug.value());
    }

    /**
     * The board's database file: {@code <root>/kanban.db} for the default board, else {@code kanban.db} in its
     * directory.
     *
     * @param slug the board's slug
     * @return the file
     */
    public Path db(BoardSlug slug) {
        return slug.isDefault() ? root.resolve(BoardLocation.BOARD_FILE) : dir(slug).resolve(BoardLocation.BOARD_FILE);
    }

    /**
     * @param slug the board's slug
     * @return its {@code board.json}
     */
    public Path metaFile(BoardSlug slug) {
        return dir(slug).resolve(META_FILE);
    }

    /**
     * Where the board keeps its files.
     *
     * @param slug the board's slug
     * @return the layout of its files
     */
    public BoardFiles files(BoardSlug slug) {
        return slug.isDefault() ? BoardFiles.beside(root) : BoardFiles.inBoardDirectory(dir(slug));
    }
}
