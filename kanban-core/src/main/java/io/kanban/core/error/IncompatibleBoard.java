package io.kanban.core.error;

/** The file holds a board this kernel cannot adopt (too old a layout, or not a board at all). */
public final class IncompatibleBoard extends KanbanException {
    /**
     * Reports a database this code will not adopt as a board.
     *
     * @param message what was found, naming the board
     */
    public IncompatibleBoard(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "incompatible_board";
    }
}
