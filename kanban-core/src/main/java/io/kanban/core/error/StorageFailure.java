package io.kanban.core.error;

/** The database refused or failed an operation (locked too long, disk full, unreadable file, server gone). */
public final class StorageFailure extends KanbanException {
    /** What {@link #outcomeUnknown()} returns. */
    private final boolean outcomeUnknown;

    /**
     * Reports a failure of the database.
     *
     * @param message what failed, naming the board
     * @param cause the driver's exception, or null
     */
    public StorageFailure(String message, Throwable cause) {
        this(message, cause, false);
    }

    private StorageFailure(String message, Throwable cause, boolean outcomeUnknown) {
        super(message, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    /**
     * A write whose connection broke after COMMIT was sent: the server may have applied it or not, and running it
     * again could apply it twice. The caller decides (a claim left behind is reclaimed when its TTL runs out).
     *
     * @param message what failed, naming the board
     * @param cause the driver's exception, or null
     * @return a failure whose {@link #outcomeUnknown()} is true
     */
    public static StorageFailure outcomeUnknown(String message, Throwable cause) {
        return new StorageFailure(message, cause, true);
    }

    /**
     * True when the write may have been applied although this failure was thrown; see
     * {@link #outcomeUnknown(String, Throwable)}.
     *
     * @return whether the write's outcome is unknown
     */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }

    @Override
    public String code() {
        return "storage";
    }
}
