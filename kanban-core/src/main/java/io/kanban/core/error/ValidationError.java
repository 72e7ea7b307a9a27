package io.kanban.core.error;

/** Input that breaks a rule; {@link #field()} names the argument at fault. */
public class ValidationError extends KanbanException {
    private final String field;

    public ValidationError(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    @Override
    public String code() {
        return "invalid_argument";
    }
}
