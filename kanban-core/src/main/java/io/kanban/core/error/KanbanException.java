package io.kanban.core.error;

/**
 * Root of every error the board reports. Front ends map each leaf to one clear line, an HTTP status or
 * a tool error object; {@link #code()} is the stable machine name of the leaf.
 */
public abstract class KanbanException extends RuntimeException {

    /**
     * Creates an error with its message; subclasses name their fields in it.
     *
     * @param message the one-line message front ends show
     */
    protected KanbanException(String message) {
        super(message);
    }

    /**
     * Creates an error caused by another failure.
     *
     * @param message the one-line message front ends show
     * @param cause the underlying failure
     */
    protected KanbanException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * A stable, snake_case name for scripts and tool callers.
     *
     * @return the leaf's code, such as {@code task_not_found}
     */
    public abstract String code();
}
