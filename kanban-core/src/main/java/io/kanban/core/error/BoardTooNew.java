package io.kanban.core.error;

/** The board file was migrated by a newer version of this software. */
public final class BoardTooNew extends KanbanException {
    /**
     * Reports a board whose schema is newer than this code's.
     *
     * @param location the board's file or URL, for the message
     * @param boardVersion the schema version the board has
     * @param supportedVersion the newest schema version this code knows
     */
    public BoardTooNew(String location, String boardVersion, String supportedVersion) {
        super("board " + location + " has schema version " + boardVersion + ", newer than this kanban ("
                + supportedVersion + "); upgrade kanban to open it");
    }

    @Override
    public String code() {
        return "board_too_new";
    }
}
