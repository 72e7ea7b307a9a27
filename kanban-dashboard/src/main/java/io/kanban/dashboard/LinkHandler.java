package io.kanban.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.kanban.core.Board;
import io.kanban.core.model.TaskCard;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A task's parents (the dependency editor): add one, remove one. The core refuses cycles. */
final class LinkHandler {
    static final Set<String> FIELDS = Set.of("parent_id");

    private final Board board;
    private final ObjectMapper mapper;

    LinkHandler(Board board, ObjectMapper mapper) {
        this.board = board;
        this.mapper = mapper;
    }

    void add(Context ctx) {
        String child = ctx.pathParam("id");
        String parent = JsonBody.of(ctx, mapper, FIELDS).requireText("parent_id");
        boolean created = board.links().link(parent, child);
        ctx.status(created ? 201 : 200).json(answer(parent, child, created));
    }

    void remove(Context ctx) {
        String child = ctx.pathParam("id");
        String parent = ctx.pathParam("parentId");
        if (!board.links().unlink(parent, child)) {
            throw new ApiError(404, "link_not_found", "task " + child + " does not depend on " + parent);
        }
        ctx.json(answer(parent, child, true));
    }

    private Map<String, Object> answer(String parent, String child, boolean changed) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("parent_id", parent);
        out.put("child_id", child);
        out.put("changed", changed);
        out.put("child", TaskCard.of(board.tasks().get(child)));
        return out;
    }
}
