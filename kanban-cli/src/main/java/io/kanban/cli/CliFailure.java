package io.kanban.cli;

/** A refused operation the CLI itself detects (nothing to claim, a missing module): exit 1 with its message. */
public final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the line the CLI prints
     */
    public CliFailure(String message) {
        super(message);
    }
}
