package io.kanban.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One agent tool: a name, a description written for the model that calls it, the JSON Schema of its input and a
 * handler. Handlers may throw core's typed errors or {@link ToolFailure}; the registry turns both into an error
 * object, so a caller never sees an exception.
 */
interface KanbanTool {

    String name();

    String description();

    ObjectNode inputSchema();

    /**
     * The reference's arguments this tool does not offer because the feature behind them does not exist here, each
     * with the reason given to a caller that sends one (instead of the plain unknown-argument refusal).
     */
    default Map<String, String> notOffered() {
        return Map.of();
    }

    /** Runs the call; {@code args} already match {@link #inputSchema()}. Returns the {@code {"ok": true, ...}} object. */
    ObjectNode call(ToolContext ctx, ObjectNode args);
}
