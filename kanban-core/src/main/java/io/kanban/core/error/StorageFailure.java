package io.kanban.core.error;

/** The database refused or failed an operation (locked too long, disk full, unreadable file). */
public final class StorageFailure extends KanbanException {
    /**
     * Reports a failure of the database.
     *
     * @param message what failed, naming the board
     * @param cause the driver's exception, or null
     */
    public StorageFailure(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "storage";
    }
}
