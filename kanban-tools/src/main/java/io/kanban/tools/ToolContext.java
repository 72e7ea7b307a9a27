package io.kanban.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.Board;
import java.util.ArrayList;
import java.util.List;

/** What a handler works with: the board (tenant-scoped when the worker has a tenant) and the worker's environment. */
final class ToolContext {
    private final Board board;
    private final ToolEnvironment env;
    private final ObjectMapper json;

    ToolContext(Board board, ToolEnvironment env, ObjectMapper json) {
        this.board = board;
        this.env = env;
        this.json = json;
    }

    Board board() {
        return board;
    }

    ToolEnvironment env() {
        return env;
    }

    ObjectMapper json() {
        return json;
    }

    ObjectNode ok() {
        ObjectNode node = json.createObjectNode();
        node.put("ok", true);
        return node;
    }

    /** {@code task_id} when given, else the worker's own task. */
    String taskId(ObjectNode args) {
        String given = text(args, "task_id");
        if (given != null) {
            return given;
        }
        if (env.taskId() == null) {
            throw new ToolFailure(ToolError.NO_CURRENT_TASK,
                    "task_id: not given and " + ToolEnvironment.TASK + " is not set", "task_id");
        }
        return env.taskId();
    }

    /**
     * The run to pin a claim verb to: the worker's run when the dispatcher named one. Core refuses the call with
     * claim_lost unless that run is still the task's open run, so a worker cannot finish a task it does not hold.
     */
    Long heldRun() {
        return env.runId();
    }

    static String text(ObjectNode args, String name) {
        JsonNode v = args.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    static List<String> strings(ObjectNode args, String name) {
        List<String> out = new ArrayList<>();
        args.path(name).forEach(n -> out.add(n.asText()));
        return out;
    }
}
