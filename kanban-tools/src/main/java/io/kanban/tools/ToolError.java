package io.kanban.tools;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A failed tool call as the caller sees it: a stable {@code code}, one clear sentence, and the argument at fault
 * when there is one. Rendered as {@code {"ok": false, "error": message, "code": code, "field": field}}, so a caller
 * written for the reference (which reads {@code error} as text) still gets the message.
 *
 * @param field the argument at fault, or null
 */
public record ToolError(String code, String message, String field) {

    /** An argument breaks a rule. */
    public static final String INVALID_ARGUMENT = "invalid_argument";
    /** A required argument is missing. */
    public static final String MISSING_ARGUMENT = "missing_argument";
    /** An argument the tool does not take. */
    public static final String UNKNOWN_FIELD = "unknown_field";
    /** A reference argument whose feature this board does not have (kanban_create's goal_mode, say). */
    public static final String NOT_OFFERED = "not_offered";
    /** A text argument longer than the board stores. */
    public static final String OVERSIZE_TEXT = "oversize_text";
    /** No tool has this name. */
    public static final String UNKNOWN_TOOL = "unknown_tool";
    /** The tools are off: the process is not a worker started for a task. */
    public static final String TOOLS_UNAVAILABLE = "tools_unavailable";
    /** The call needs the worker's task and none is in scope. */
    public static final String NO_CURRENT_TASK = "no_current_task";
    /** A variable the dispatcher sets holds a value that cannot be read. */
    public static final String BAD_ENVIRONMENT = "bad_environment";
    /** No board at the location the environment names. */
    public static final String BOARD_NOT_FOUND = "board_not_found";
    /** A worker named a board other than the one its card is on. */
    public static final String BOARD_PINNED = "board_pinned";
    /** A URL argument was refused (scheme, host or size). */
    public static final String URL_REFUSED = "url_refused";
    /** A worker called kanban_list or kanban_unblock, which only an orchestrator (no card in scope) may. */
    public static final String ORCHESTRATOR_ONLY = "orchestrator_only";
    /** A worker tried to change a card other than the one it was started for. */
    public static final String NOT_YOUR_TASK = "not_your_task";
    /** A worker's run-ending call without the run it holds ({@code HERMES_KANBAN_RUN_ID}). */
    public static final String RUN_ID_REQUIRED = "run_id_required";
    /** The tool exists but this session does not serve it (an orchestrator asking for kanban_complete). */
    public static final String TOOL_NOT_SERVED = "tool_not_served";
    /** An unexpected failure inside the tool. */
    public static final String INTERNAL = "internal_error";

    /**
     * Checks that the code and message are given.
     *
     * @param code the stable code
     * @param message one clear sentence
     * @param field the argument at fault, or null
     */
    public ToolError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /**
     * An error without a field.
     *
     * @param code the stable code
     * @param message one clear sentence
     * @return the error
     */
    public static ToolError of(String code, String message) {
        return new ToolError(code, message, null);
    }

    /**
     * @return the error object callers receive
     */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("ok", false);
        node.put("error", message);
        node.put("code", code);
        if (field != null) {
            node.put("field", field);
        }
        return node;
    }
}
