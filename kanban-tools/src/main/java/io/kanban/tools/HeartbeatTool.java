package io.kanban.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.Limits;
import io.kanban.core.model.Task;

/** kanban_heartbeat: proof of life that keeps the claim from being reclaimed as stale. */
final class HeartbeatTool implements KanbanTool {

    @Override
    public String name() {
        return "kanban_heartbeat";
    }

    @Override
    public String description() {
        return "Tell the board you are still working on your kanban task. During long work (builds, test suites,"
                + " large edits) call it every few minutes, otherwise the claim expires and the task is handed to"
                + " another worker. An optional short note says what you are doing now.";
    }

    @Override
    public ObjectNode inputSchema() {
        return Schema.object()
                .string("task_id", "Task id; leave out for your own task.", 64)
                .string("note", "Optional progress note, e.g. 'running the integration tests'.", Limits.REASON_MAX)
                .build();
    }

    @Override
    public ObjectNode call(ToolContext ctx, ObjectNode args) {
        String taskId = ctx.ownTaskId(args);
        Task task = ctx.board().claims().heartbeat(taskId, ToolContext.text(args, "note"), ctx.heldRun());
        ObjectNode out = ctx.ok();
        out.put("task_id", task.id());
        if (task.claimExpires() == null) {
            out.putNull("claim_expires");
        } else {
            out.put("claim_expires", task.claimExpires().getEpochSecond());
        }
        return out;
    }
}
