package io.kanban.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.model.Task;

/** kanban_unblock† (orchestrator only): a blocked or scheduled card goes back to work. */
final class UnblockTool implements KanbanTool {

    @Override
    public String name() {
        return "kanban_unblock";
    }

    @Override
    public String description() {
        return "Send a blocked or scheduled kanban card back to work once what it waited for is settled (answer the"
                + " question in a kanban_comment first, so the next worker sees it). It becomes ready, or todo while"
                + " a parent is unfinished, or review if it was blocked from review. Orchestrator-only: a worker"
                + " started for a card never has this tool.";
    }

    @Override
    public ObjectNode inputSchema() {
        return Schema.object()
                .string("task_id", "The blocked or scheduled card to send back to work.", 64)
                .required("task_id")
                .build();
    }

    @Override
    public ObjectNode call(ToolContext ctx, ObjectNode args) {
        ctx.requireOrchestrator(name());
        Task task = ctx.board().claims().unblock(ToolContext.text(args, "task_id"));
        ObjectNode out = ctx.ok();
        out.put("task_id", task.id());
        out.put("status", task.status().wire());
        return out;
    }
}
