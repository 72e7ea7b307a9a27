package io.kanban.core.error;

/** The database refused or failed an operation (locked too long, disk full, unreadable file). */
public final class StorageFailure extends KanbanException {
    public StorageFailure(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "storage";
    }
}
