package io.kanban.dashboard;

import java.util.Map;

/**
 * A request the dashboard itself refuses (bad JSON, unknown field, wrong type, missing token): mapped like the
 * core's errors to {@code {"error": ..., "code": ...}} with {@link #status()}.
 */
final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final Map<String, Object> extra;

    public ApiError(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public ApiError(int status, String code, String message, Map<String, Object> extra) {
        super(message);
        this.status = status;
        this.code = code;
        this.extra = Map.copyOf(extra);
    }

    public static ApiError badRequest(String field, String message) {
        return new ApiError(400, "invalid_argument", field + ": " + message, Map.of("field", field));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> extra() {
        return extra;
    }
}
