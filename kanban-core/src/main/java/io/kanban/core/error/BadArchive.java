package io.kanban.core.error;

/** A board archive that cannot be imported: not a .tar.gz, truncated, or holding what no export writes. */
public final class BadArchive extends KanbanException {
    /**
     * Reports an archive that cannot be imported.
     *
     * @param message what is wrong with the archive
     */
    public BadArchive(String message) {
        super(message);
    }

    /**
     * Reports an archive that cannot be imported because reading it failed.
     *
     * @param message what is wrong with the archive
     * @param cause the failure that revealed it
     */
    public BadArchive(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "bad_archive";
    }
}
