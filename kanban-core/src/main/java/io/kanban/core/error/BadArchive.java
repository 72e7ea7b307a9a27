package io.kanban.core.error;

/** A board archive that cannot be imported: not a .tar.gz, truncated, or holding what no export writes. */
public final class BadArchive extends KanbanException {
    public BadArchive(String message) {
        super(message);
    }

    public BadArchive(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "bad_archive";
    }
}
