package io.kanban.cli;

/** Arguments that parse but do not fit together (e.g. --summary with several ids): exit 2. */
public final class UsageFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the line the CLI prints
     */
    public UsageFailure(String message) {
        super(message);
    }
}
