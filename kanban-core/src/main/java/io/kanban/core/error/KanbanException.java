package io.kanban.core.error;

/**
 * Root of every error the board reports. Front ends map each leaf to one clear line, an HTTP status or
 * a tool error object; {@link #code()} is the stable machine name of the leaf.
 */
public abstract class KanbanException extends RuntimeException {

    protected KanbanException(String message) {
        super(message);
    }

    protected KanbanException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A stable, snake_case name for scripts and tool callers. */
    public abstract String code();
}
