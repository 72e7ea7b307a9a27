package io.kanban.tools;

/** Thrown inside a tool call to stop it with a {@link ToolError}; the registry turns it into the error object. */
final class ToolFailure extends RuntimeException {
    private final transient ToolError error;

    ToolFailure(ToolError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    ToolFailure(String code, String message, String field) {
        this(new ToolError(code, message, field));
    }

    ToolError error() {
        return error;
    }
}
