package io.kanban.cli;

import io.kanban.core.Board;
import io.kanban.core.BoardOptions;

/**
 * How the CLI gets its board from the options it resolved (location and environment settings); tests pass their
 * own to reuse a board or set a clock.
 */
@FunctionalInterface
public interface BoardOpener {
    /** Opens the board as {@link Board#open(BoardOptions)} does. */
    BoardOpener DEFAULT = Board::open;

    /**
     * Opens the board the options name.
     *
     * @param options where and how
     * @return the open board
     */
    Board open(BoardOptions options);
}
