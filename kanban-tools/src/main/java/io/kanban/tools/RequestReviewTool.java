package io.kanban.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.Attachments;
import io.kanban.core.Claims;
import io.kanban.core.Limits;
import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Task;

/** kanban_request_review: hands the task to the review column; the run ends as review_requested. */
final class RequestReviewTool implements KanbanTool {

    @Override
    public String name() {
        return "kanban_request_review";
    }

    @Override
    public String description() {
        return "Hand your finished kanban task to a reviewer instead of completing it, when the work should be"
                + " checked before it counts as done. Give a summary of what to review and where it is; name a"
                + " reviewer profile if the task says which. The reviewer either completes it or requests changes,"
                + " which brings it back to you with the reason. Your run ends with this call.";
    }

    @Override
    public ObjectNode inputSchema() {
        return Schema.object()
                .string("task_id", "Task id; leave out to hand over your own task.", 64)
                .string("summary", "1-3 sentences: what was done, what to look at and where.", Limits.SUMMARY_MAX)
                .string("reviewer", "The profile that reviews; leave out for the last reviewer, else unchanged.", 64)
                .object("metadata", "Optional JSON object of facts for the reviewer, e.g. {\"pr\": 12}.")
                .stringArray("artifacts", "Files in your scratch workspace for the reviewer, kept as attachments"
                        + " (paths relative to it, or absolute inside it), such as [\"fix.patch\"]. A missing or"
                        + " oversized one (over 25 MB) refuses the whole hand-over.", 32, 4096)
                .required("summary")
                .build();
    }

    @Override
    public ObjectNode call(ToolContext ctx, ObjectNode args) {
        String taskId = ctx.ownTaskId(args);
        Claims.ReviewRequest request = new Claims.ReviewRequest(ToolContext.text(args, "summary"),
                ToolContext.text(args, "reviewer"), CompleteTool.metadata(ctx, args.get("metadata")), ctx.requiredRun(name()),
                false);
        Task handed = ctx.board().claims().requestReview(taskId, request, ToolContext.strings(args, "artifacts"));
        ObjectNode out = ctx.ok();
        out.put("task_id", handed.id());
        Run run = CompleteTool.lastRunWith(ctx, taskId, RunOutcome.REVIEW_REQUESTED);
        if (run == null) {
            out.putNull("run_id");
        } else {
            out.put("run_id", run.id());
        }
        out.put("status", handed.status().wire());
        out.put("reviewer", handed.assignee());
        out.set("attachments", ctx.json().valueToTree(args.has("artifacts")
                ? ctx.board().attachments().list(taskId).stream()
                        .filter(a -> Attachments.REVIEW_UPLOADER.equals(a.uploadedBy())).toList()
                : java.util.List.of()));
        return out;
    }
}
