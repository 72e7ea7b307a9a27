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
    private final ToolSettings settings;

    ToolContext(Board board, ToolEnvironment env, ObjectMapper json) {
        this(board, env, json, ToolSettings.DEFAULTS);
    }

    ToolContext(Board board, ToolEnvironment env, ObjectMapper json, ToolSettings settings) {
        this.board = board;
        this.env = env;
        this.json = json;
        this.settings = settings;
    }

    ToolSettings settings() {
        return settings;
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
     * The card a changing call acts on: {@code task_id} when given, else the worker's own. A worker may change only
     * its own card, whether or not the dispatcher pinned its run; an orchestrator (no card in scope) any card.
     */
    String ownTaskId(ObjectNode args) {
        String id = taskId(args);
        if (env.active() && !id.equals(env.taskId())) {
            throw new ToolFailure(ToolError.NOT_YOUR_TASK, "worker is scoped to task " + env.taskId()
                    + "; refusing to mutate " + id + ". Use kanban_comment to hand off information to other tasks,"
                    + " or kanban_create to spawn follow-up work. Nothing changed.", "task_id");
        }
        return id;
    }

    /**
     * The run a worker's run-ending call (complete, block, schedule, request_review, request_changes) names: a
     * worker must have one, so a call can never end an attempt that is not its own. Null for an orchestrator.
     */
    Long requiredRun(String tool) {
        Long run = env.runId();
        if (env.active() && run == null) {
            throw new ToolFailure(ToolError.RUN_ID_REQUIRED, tool + ": " + ToolEnvironment.RUN_ID + " is not set, so"
                    + " this worker cannot say which run it holds; only a worker the dispatcher started (which sets"
                    + " it) may end a run. Nothing changed.", null);
        }
        return run;
    }

    /**
     * A link changes its child (a ready child waits again), so a worker may make a child only of its own card or
     * of a card its profile created; an orchestrator of any card.
     */
    void mayLinkAsChild(String childId) {
        if (!env.active() || childId.equals(env.taskId())) {
            return;
        }
        io.kanban.core.model.Task child = board.tasks().get(childId);
        if (!env.identity().equals(child.createdBy()) && !env.taskId().equals(child.createdBy())) {
            throw new ToolFailure(ToolError.NOT_YOUR_TASK, "worker is scoped to task " + env.taskId()
                    + "; refusing to make " + childId + " (created by " + child.createdBy() + ") wait on another"
                    + " card. Link your own card or a card you created as the child. Nothing changed.", "child_id");
        }
    }

    /** The runtime half of the orchestrator-only rule: refused inside a worker even when the tool was reached. */
    void requireOrchestrator(String tool) {
        if (env.active()) {
            throw orchestratorOnly(tool);
        }
    }

    static ToolFailure orchestratorOnly(String tool) {
        return new ToolFailure(ToolError.ORCHESTRATOR_ONLY, tool + " is orchestrator-only; a worker started for"
                + " a card (" + ToolEnvironment.TASK + " is set) must use kanban_complete, kanban_block,"
                + " kanban_heartbeat or kanban_comment for its own card. Nothing changed.", null);
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
