package io.kanban.core.boards;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where one board keeps the files beside its rows. The default board (and any board file outside a board
 * directory) keeps them under {@code <folder of kanban.db>/kanban/}, as the reference does for its default board;
 * a board directory ({@code kanban/boards/<slug>/}, or any folder holding a {@code board.json}) keeps them in
 * itself: {@code workspaces/}, {@code logs/}, {@code attachments/}, {@code worktrees/}.
 */
public record BoardFiles(Path attachments, Path workspaces, Path logs, Path worktrees) {

    /**
     * The files of the SQLite board at {@code dbFile}, by the rule above.
     *
     * @param dbFile the board file
     * @return its files' layout
     */
    public static BoardFiles of(Path dbFile) {
        Path parent = dbFile.toAbsolutePath().normalize().getParent();
        if (parent == null) {
            parent = dbFile.toAbsolutePath().getRoot();
        }
        return isBoardDirectory(parent) ? inBoardDirectory(parent) : beside(parent);
    }

    /**
     * The layout of a board directory: everything inside it.
     *
     * @param dir the board directory
     * @return its files' layout
     */
    public static BoardFiles inBoardDirectory(Path dir) {
        return new BoardFiles(dir.resolve("attachments"), dir.resolve("workspaces"), dir.resolve("logs"),
                dir.resolve("worktrees"));
    }

    /**
     * The default board's layout: under {@code <home>/kanban/}.
     *
     * @param home the Hermes home
     * @return the default board's files' layout
     */
    public static BoardFiles beside(Path home) {
        Path kanban = home.resolve("kanban");
        return new BoardFiles(kanban.resolve("attachments"), kanban.resolve("workspaces"), kanban.resolve("logs"),
                kanban.resolve("worktrees"));
    }

    static boolean isBoardDirectory(Path dir) {
        if (Files.isRegularFile(dir.resolve(BoardLayout.META_FILE))) {
            return true;
        }
        Path boards = dir.getParent();
        Path kanban = boards == null ? null : boards.getParent();
        return kanban != null && boards.getFileName() != null && kanban.getFileName() != null
                && boards.getFileName().toString().equals("boards") && kanban.getFileName().toString().equals("kanban");
    }

    /**
     * @param value where attachments go instead
     * @return a copy with it
     */
    public BoardFiles withAttachments(Path value) {
        return new BoardFiles(value, workspaces, logs, worktrees);
    }

    /**
     * @param value where workspaces go instead
     * @return a copy with it
     */
    public BoardFiles withWorkspaces(Path value) {
        return new BoardFiles(attachments, value, logs, worktrees);
    }
}
