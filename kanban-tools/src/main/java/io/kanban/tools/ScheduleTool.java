package io.kanban.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.DueTime;
import io.kanban.core.Limits;
import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Task;
import java.time.Instant;

/** kanban_schedule: parks the task in scheduled; the run ends as scheduled. */
final class ScheduleTool implements KanbanTool {

    @Override
    public String name() {
        return "kanban_schedule";
    }

    @Override
    public String description() {
        return "Park your kanban task until later because it cannot usefully go on now (a release window, a"
                + " rate limit that resets, an event that has not happened yet). Give the reason; give 'at' (an"
                + " ISO-8601 time or a delay like +2h) and the board wakes the task itself when it is due, else a"
                + " person unblocks it. Your run ends with this call. For missing input or a decision, use"
                + " kanban_block instead.";
    }

    @Override
    public ObjectNode inputSchema() {
        return Schema.object()
                .string("task_id", "Task id; leave out to schedule your own task.", 64)
                .string("reason", "What it waits for.", Limits.REASON_MAX)
                .string("at", "When it is due: ISO-8601 (2026-01-05T10:00:00Z) or a delay (+90s, +30m, +2h, +1d).",
                        64)
                .build();
    }

    @Override
    public ObjectNode call(ToolContext ctx, ObjectNode args) {
        String taskId = ctx.ownTaskId(args);
        String at = ToolContext.text(args, "at");
        Instant due = at == null ? null : DueTime.parse(at, ctx.board().options().clock().instant());
        Task parked = ctx.board().claims().schedule(taskId, ToolContext.text(args, "reason"), due,
                ctx.requiredRun(name()));
        ObjectNode out = ctx.ok();
        out.put("task_id", parked.id());
        Run run = CompleteTool.lastRunWith(ctx, taskId, RunOutcome.SCHEDULED);
        if (run == null) {
            out.putNull("run_id");
        } else {
            out.put("run_id", run.id());
        }
        out.put("status", parked.status().wire());
        if (parked.scheduledUntil() == null) {
            out.putNull("scheduled_until");
        } else {
            out.put("scheduled_until", parked.scheduledUntil().getEpochSecond());
        }
        return out;
    }
}
