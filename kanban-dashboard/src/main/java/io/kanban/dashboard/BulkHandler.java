package io.kanban.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.kanban.core.Board;
import io.kanban.core.error.KanbanException;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskCard;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * POST /api/tasks/bulk: one action on many tasks, each its own core call, so one bad id does not stop the rest.
 * The answer is 200 with a result per id; {@code failed} counts the ones that did not apply.
 */
final class BulkHandler {
    static final Set<String> FIELDS = Set.of("ids", "action", "status", "assignee", "priority", "reason");
    static final List<String> ACTIONS = List.of("move", "archive", "assign", "reprioritize");
    static final int MAX_IDS = 1_000;

    private final Board board;
    private final ObjectMapper mapper;

    BulkHandler(Board board, ObjectMapper mapper) {
        this.board = board;
        this.mapper = mapper;
    }

    void apply(Context ctx) {
        JsonBody in = JsonBody.of(ctx, mapper, FIELDS);
        List<String> ids = in.texts("ids");
        if (ids.isEmpty()) {
            throw ApiError.badRequest("ids", "give at least one task id");
        }
        if (ids.size() > MAX_IDS) {
            throw ApiError.badRequest("ids", "at most " + MAX_IDS + " ids per request, got " + ids.size());
        }
        String action = in.requireText("action");
        Function<String, Task> op = switch (action) {
            case "move" -> {
                Status to = Status.parse(in.requireText("status"));
                String reason = in.text("reason");
                yield id -> board.tasks().move(id, to, reason);
            }
            case "archive" -> board.tasks()::archive;
            case "assign" -> {
                String assignee = BoardHandler.blankToNull(in.text("assignee"));
                yield id -> board.tasks().assign(id, assignee);
            }
            case "reprioritize" -> {
                Integer priority = in.integer("priority");
                if (priority == null) {
                    throw ApiError.badRequest("priority", "is required for reprioritize");
                }
                yield id -> board.tasks().reprioritize(id, priority);
            }
            default -> throw ApiError.badRequest("action", "'" + action + "' is not one of " + ACTIONS);
        };
        List<Map<String, Object>> results = new ArrayList<>();
        int failed = 0;
        for (String id : ids) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", id);
            try {
                Task task = op.apply(id);
                r.put("ok", true);
                r.put("card", TaskCard.of(task));
            } catch (KanbanException e) {
                failed++;
                r.put("ok", false);
                r.put("status", ErrorMapper.status(e));
                r.putAll(ErrorMapper.body(e));
            }
            results.add(r);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("action", action);
        out.put("results", results);
        out.put("failed", failed);
        ctx.json(out);
    }
}
