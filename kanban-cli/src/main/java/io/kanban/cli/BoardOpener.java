package io.kanban.cli;

import io.kanban.core.Board;
import java.nio.file.Path;

/** How the CLI gets its board; tests pass their own to reuse a board or set a clock. */
@FunctionalInterface
public interface BoardOpener {
    BoardOpener DEFAULT = Board::open;

    Board open(Path location);
}
