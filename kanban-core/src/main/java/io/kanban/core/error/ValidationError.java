package io.kanban.core.error;

/** Input that breaks a rule; {@link #field()} names the argument at fault. */
public class ValidationError extends KanbanException {
    /** What {@link #field()} returns. */
    private final String field;

    /**
     * Reports an argument that breaks a rule.
     *
     * @param field the argument at fault, as front ends name it (snake_case)
     * @param message what is wrong with it
     */
    public ValidationError(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /**
     * @return the name of the argument at fault
     */
    public String field() {
        return field;
    }

    @Override
    public String code() {
        return "invalid_argument";
    }
}
