package io.kanban.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.Limits;
import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Task;

/** kanban_request_changes: a reviewer sends the task back to its implementer; the run ends as changes_requested. */
final class RequestChangesTool implements KanbanTool {

    @Override
    public String name() {
        return "kanban_request_changes";
    }

    @Override
    public String description() {
        return "As the reviewer of a kanban task, send it back to its implementer because it is not good enough"
                + " yet. Give a precise reason: what is wrong, where, and what would make it acceptable, so the"
                + " implementer can fix it without asking. If the work is acceptable, use kanban_complete instead."
                + " Only a review run may call this. Your run ends with this call.";
    }

    @Override
    public ObjectNode inputSchema() {
        return Schema.object()
                .string("task_id", "Task id; leave out for the task you are reviewing.", 64)
                .string("reason", "What must change, where, and what would make it acceptable.", Limits.REASON_MAX)
                .required("reason")
                .build();
    }

    @Override
    public ObjectNode call(ToolContext ctx, ObjectNode args) {
        String taskId = ctx.ownTaskId(args);
        Task back = ctx.board().claims().requestChanges(taskId, ToolContext.text(args, "reason"),
                ctx.requiredRun(name()));
        ObjectNode out = ctx.ok();
        out.put("task_id", back.id());
        Run run = CompleteTool.lastRunWith(ctx, taskId, RunOutcome.CHANGES_REQUESTED);
        if (run == null) {
            out.putNull("run_id");
        } else {
            out.put("run_id", run.id());
        }
        out.put("status", back.status().wire());
        out.put("implementer", back.assignee());
        return out;
    }
}
