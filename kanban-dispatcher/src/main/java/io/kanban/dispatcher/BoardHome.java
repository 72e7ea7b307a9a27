package io.kanban.dispatcher;

import io.kanban.core.BoardLocation;
import io.kanban.core.BoardOptions;
import io.kanban.core.boards.BoardFiles;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a board keeps its worker logs and scratch workspaces ({@code kanban/logs}, {@code kanban/workspaces}):
 * the directory of the board file. For the default board that is {@code $HERMES_HOME}, as Hermes users expect;
 * a board file elsewhere keeps its workers' files beside it, so two boards never share a log. A board that is
 * not a file (a database URL) uses {@code $HERMES_HOME}.
 */
final class BoardHome {
    private BoardHome() {
    }

    public static Path of(String boardLocation, Map<String, String> env) {
        if (boardLocation != null && !boardLocation.contains("://") && !boardLocation.startsWith("jdbc:")) {
            try {
                Path parent = Path.of(boardLocation).toAbsolutePath().getParent();
                if (parent != null) {
                    return parent;
                }
            } catch (InvalidPathException e) {
                // not a file path: fall back to HERMES_HOME
            }
        }
        return BoardLocation.hermesHome(env).toAbsolutePath();
    }

    /**
     * Where the board at {@code boardLocation} keeps its worker files, as core lays them out
     * ({@link io.kanban.core.BoardOptions#files()}): a board directory ({@code kanban/boards/<slug>/}) keeps them in
     * itself, any other board file under {@code <its folder>/kanban/}, a database board under
     * {@code $HERMES_HOME/kanban/}; {@code HERMES_KANBAN_WORKSPACES_ROOT} moves the workspaces.
     */
    public static BoardFiles files(String boardLocation, Map<String, String> env) {
        BoardFiles files = BoardOptions.at(boardLocation).withEnvironment(env).files();
        return files != null ? files : BoardFiles.beside(BoardLocation.hermesHome(env).toAbsolutePath());
    }

    public static Path logs(Path home) {
        return home.resolve("kanban").resolve("logs");
    }

    public static Path workspaces(Path home) {
        return home.resolve("kanban").resolve("workspaces");
    }

    public static Path worktrees(Path home) {
        return home.resolve("kanban").resolve("worktrees");
    }
}
