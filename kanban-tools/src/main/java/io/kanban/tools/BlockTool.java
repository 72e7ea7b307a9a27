package io.kanban.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.Limits;
import io.kanban.core.model.BlockKind;
import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Task;
import java.util.Arrays;
import java.util.List;

/** kanban_block: stops the run until a person or another task unblocks it. */
final class BlockTool implements KanbanTool {
    private static final List<String> KINDS = Arrays.stream(BlockKind.values()).map(BlockKind::wire).toList();

    @Override
    public String name() {
        return "kanban_block";
    }

    @Override
    public String description() {
        return "Stop work on your kanban task because you cannot finish it correctly without outside help: a"
                + " decision only a person can make, missing access or input, or another task that must happen"
                + " first. Give a precise reason that says exactly what is needed and from whom, so someone can"
                + " unblock it without asking you. Prefer this over guessing. Your run ends with this call.";
    }

    @Override
    public ObjectNode inputSchema() {
        return Schema.object()
                .string("task_id", "Task id; leave out to block your own task.", 64)
                .string("reason", "What is missing or undecided, and who can provide it.", Limits.REASON_MAX)
                .stringEnum("kind", "Why: dependency (another task must finish first; waits in todo), needs_input"
                        + " (a person must decide or provide something), capability (you lack a tool or access),"
                        + " transient (an outage worth retrying later). Blocking again for the same kind after an"
                        + " unblock sends the task to triage.", KINDS)
                .required("reason")
                .build();
    }

    @Override
    public ObjectNode call(ToolContext ctx, ObjectNode args) {
        String taskId = ctx.ownTaskId(args);
        BlockKind kind = BlockKind.parse(ToolContext.text(args, "kind"));
        Task blocked = ctx.board().claims().block(taskId, ToolContext.text(args, "reason"), kind, ctx.requiredRun(name()),
                ctx.env().identity());
        ObjectNode out = ctx.ok();
        out.put("task_id", blocked.id());
        Run run = CompleteTool.lastRunWith(ctx, taskId, RunOutcome.BLOCKED);
        if (run == null) {
            out.putNull("run_id");
        } else {
            out.put("run_id", run.id());
        }
        out.put("status", blocked.status().wire());
        if (blocked.blockKind() == null) {
            out.putNull("block_kind");
        } else {
            out.put("block_kind", blocked.blockKind());
        }
        return out;
    }
}
