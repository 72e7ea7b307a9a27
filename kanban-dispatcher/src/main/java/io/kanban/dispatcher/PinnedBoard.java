package io.kanban.dispatcher;

import io.kanban.core.BoardLocation;
import io.kanban.core.boards.BoardFiles;
import io.kanban.core.boards.BoardLayout;
import io.kanban.core.boards.BoardMeta;
import io.kanban.core.boards.BoardSelection;
import io.kanban.core.boards.BoardSlug;
import io.kanban.core.boards.Boards;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The board a worker's card is on, as its environment names it: {@code HERMES_KANBAN_DB} (the location),
 * {@code HERMES_KANBAN_BOARD} (its slug when it is a board of the Hermes home; removed otherwise, so an inherited one
 * cannot mislead) and {@code HERMES_KANBAN_WORKSPACES_ROOT} (where its scratch workspaces are). Also the board's
 * files and its {@code default_workdir}.
 */
record PinnedBoard(String location, BoardSlug slug, BoardFiles files, Path defaultWorkdir) {

    static PinnedBoard of(String location, Map<String, String> env) {
        BoardFiles files = BoardHome.files(location, env);
        Optional<Path> file = BoardLocation.file(location);
        BoardSlug slug = null;
        Path workdir = null;
        if (file.isPresent()) {
            Boards boards = new Boards(BoardLayout.of(env));
            slug = boards.slugOf(file.get()).orElse(null);
            workdir = boards.metaOf(file.get()).map(BoardMeta::defaultWorkdir).map(Path::of).orElse(null);
        }
        return new PinnedBoard(location, slug, files, workdir);
    }

    void pin(Map<String, String> env) {
        env.put(BoardSelection.DB_VARIABLE, location);
        if (slug != null) {
            env.put(BoardSelection.BOARD_VARIABLE, slug.value());
        } else {
            env.remove(BoardSelection.BOARD_VARIABLE);
        }
        env.put(BoardSelection.WORKSPACES_ROOT_VARIABLE, files.workspaces().toAbsolutePath().normalize().toString());
    }
}
