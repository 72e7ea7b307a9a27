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
    public static final String KANBAN_HOME_VARIABLE = "HERMES_KANBAN_HOME";
    public static final String META_FILE = "board.json";
    public static final String ARCHIVED = "_archived";

    public BoardLayout {
        root = root.toAbsolutePath().normalize();
    }

    /** The layout of the home {@code env} names: {@value #KANBAN_HOME_VARIABLE}, else {@code $HERMES_HOME}. */
    public static BoardLayout of(Map<String, String> env) {
        String home = env.get(KANBAN_HOME_VARIABLE);
        return new BoardLayout(home != null && !home.isBlank() ? Path.of(home) : BoardLocation.hermesHome(env));
    }

    public Path kanbanDir() {
        return root.resolve("kanban");
    }

    public Path boardsDir() {
        return kanbanDir().resolve("boards");
    }

    public Path archivedDir() {
        return boardsDir().resolve(ARCHIVED);
    }

    /** The file naming the active board: one line, {@code slug\n}. */
    public Path currentFile() {
        return kanbanDir().resolve("current");
    }

    /** The board's directory; the default board's holds only its {@code board.json}. */
    public Path dir(BoardSlug slug) {
        return boardsDir().resolve(slug.value());
    }

    public Path db(BoardSlug slug) {
        return slug.isDefault() ? root.resolve(BoardLocation.BOARD_FILE) : dir(slug).resolve(BoardLocation.BOARD_FILE);
    }

    public Path metaFile(BoardSlug slug) {
        return dir(slug).resolve(META_FILE);
    }

    public BoardFiles files(BoardSlug slug) {
        return slug.isDefault() ? BoardFiles.beside(root) : BoardFiles.inBoardDirectory(dir(slug));
    }
}
