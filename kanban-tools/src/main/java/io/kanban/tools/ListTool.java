package io.kanban.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.Limits;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskFilter;
import java.util.Arrays;
import java.util.List;

/**
 * kanban_list† (orchestrator only): compact rows of the board, bounded, after promoting the cards whose parents
 * finished since the dispatcher last looked, as the reference's list does.
 */
final class ListTool implements KanbanTool {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    private static final List<String> STATUSES = Arrays.stream(Status.values()).map(Status::wire).toList();
    /** The reference's compact row: these wire-format fields, then the links. */
    private static final List<String> FIELDS = List.of("id", "title", "assignee", "status", "priority", "tenant",
            "workspace_kind", "workspace_path", "created_by", "created_at", "started_at", "completed_at",
            "current_run_id");

    @Override
    public String name() {
        return "kanban_list";
    }

    @Override
    public String description() {
        return "List kanban cards so an orchestrator can see the board and route work: compact rows with id, title,"
                + " status, assignee, priority, tenant, and parent and child ids. Filter by assignee, status and"
                + " tenant; archived cards only with include_archived. At most 50 rows by default (limit up to 200);"
                + " truncated says more matched, and next_limit is the limit to ask for. Cards whose parents have"
                + " finished are promoted to ready first (promoted counts them). Orchestrator-only: a worker started"
                + " for a card never has this tool.";
    }

    @Override
    public ObjectNode inputSchema() {
        return Schema.object()
                .string("assignee", "Only cards assigned to this profile.", 64)
                .stringEnum("status", "Only cards in this status.", STATUSES)
                .string("tenant", "Only cards of this tenant (project or customer).", Limits.NAME_MAX)
                .bool("include_archived", "Include archived cards; default false.")
                .integer("limit", "At most this many rows; default " + DEFAULT_LIMIT + ", at most " + MAX_LIMIT + ".",
                        1, MAX_LIMIT)
                .build();
    }

    @Override
    public ObjectNode call(ToolContext ctx, ObjectNode args) {
        ctx.requireOrchestrator(name());
        int limit = args.path("limit").asInt(DEFAULT_LIMIT);
        String status = ToolContext.text(args, "status");
        TaskFilter filter = TaskFilter.all()
                .withAssignee(ToolContext.text(args, "assignee"))
                .withTenant(ToolContext.text(args, "tenant"))
                .withArchived(args.path("include_archived").asBoolean(false))
                .withLimit(limit + 1);
        if (status != null) {
            filter = filter.withStatus(Status.parse(status));
        }
        int promoted = ctx.board().dispatch().promote();
        List<Task> rows = ctx.board().tasks().list(filter);
        boolean truncated = rows.size() > limit;
        List<Task> shown = truncated ? rows.subList(0, limit) : rows;
        ObjectNode out = ctx.ok();
        ArrayNode tasks = out.putArray("tasks");
        for (Task t : shown) {
            tasks.add(row(ctx, t));
        }
        out.put("count", shown.size());
        out.put("limit", limit);
        out.put("truncated", truncated);
        if (truncated && limit < MAX_LIMIT) {
            out.put("next_limit", Math.min(limit * 2, MAX_LIMIT));
        } else {
            out.putNull("next_limit");
        }
        out.put("promoted", promoted);
        return out;
    }

    private static ObjectNode row(ToolContext ctx, Task t) {
        JsonNode wire = ctx.json().valueToTree(t);
        ObjectNode row = ctx.json().createObjectNode();
        FIELDS.forEach(f -> row.set(f, wire.path(f).isMissingNode() ? ctx.json().nullNode() : wire.get(f)));
        List<String> parents = ctx.board().links().parents(t.id());
        List<String> children = ctx.board().links().children(t.id());
        row.set("parents", ctx.json().valueToTree(parents));
        row.set("children", ctx.json().valueToTree(children));
        row.put("parent_count", parents.size());
        row.put("child_count", children.size());
        return row;
    }
}
