package io.kanban.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.Attachments;
import io.kanban.core.Limits;
import io.kanban.core.model.Completion;
import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Task;
import java.util.List;

/** kanban_complete: closes the worker's run as completed; children waiting only on this task become ready. */
final class CompleteTool implements KanbanTool {
    /** More cards than one run plausibly creates; the gate checks each. */
    static final int CREATED_CARDS_MAX = 64;

    @Override
    public String name() {
        return "kanban_complete";
    }

    @Override
    public String description() {
        return "Mark your kanban task done, once the work is actually finished and checked. Give a summary of 1-3"
                + " sentences saying what you did and where the output is (the next agent reads it as its input),"
                + " and metadata with machine-readable facts (files changed, tests run, links). Use result only for"
                + " a longer deliverable text. Never put secrets or credentials in any of them. Do not call this if"
                + " you could not finish: use kanban_block instead. Card ids your text mentions that do not exist"
                + " come back in suspected_hallucinated_references (a warning; the task is still done).";
    }

    @Override
    public ObjectNode inputSchema() {
        return Schema.object()
                .string("task_id", "Task id; leave out to complete your own task.", 64)
                .string("summary", "1-3 sentences: what was done and where the result lives.", Limits.SUMMARY_MAX)
                .string("result", "Optional longer deliverable text stored on the task.", Limits.RESULT_MAX)
                .object("metadata", "Optional JSON object of facts, e.g. {\"files_changed\": 3, \"tests\": \"pass\"}.")
                .recordArray("evidence", "Optional checks that show the work is done, each {kind, detail}, e.g."
                        + " [{\"kind\": \"test\", \"detail\": \"mvn verify: 212 passed\"}]; kept in metadata.evidence.",
                        32, List.of(new Schema.Field("kind", 64, "What sort of check: test, build, review, link..."),
                                new Schema.Field("detail", Limits.REASON_MAX, "What was checked and what it showed.")))
                .stringArray("created_cards", "The ids of the cards you created with kanban_create during this run"
                        + " (only ids kanban_create returned; never ids from prose). Each is checked: a card that does"
                        + " not exist, or that you did not create or link as a child, refuses the completion with"
                        + " completion_blocked_hallucination; nothing changes and you may retry without it.",
                        CREATED_CARDS_MAX, 64)
                .stringArray("artifacts", "Files in your scratch workspace to hand over as attachments (paths relative"
                        + " to it, or absolute inside it), such as [\"report.md\", \"out/chart.png\"]. A missing or"
                        + " oversized one (over 25 MB) refuses the whole completion.", 32, 4096)
                .build();
    }

    @Override
    public ObjectNode call(ToolContext ctx, ObjectNode args) {
        String summary = ToolContext.text(args, "summary");
        String result = ToolContext.text(args, "result");
        if (summary == null && result == null) {
            throw new ToolFailure(ToolError.MISSING_ARGUMENT,
                    "summary: give a summary (or a result) of what was done", "summary");
        }
        String taskId = ctx.ownTaskId(args);
        Completion completion = new Completion(summary, result, metadata(ctx, withEvidence(ctx, args)),
                ctx.requiredRun(name()));
        List<String> artifacts = ToolContext.strings(args, "artifacts");
        List<String> createdCards = ToolContext.strings(args, "created_cards");
        io.kanban.core.Claims.Finished finished = ctx.board().claims().finish(taskId, completion, artifacts,
                createdCards);
        Task done = finished.task();
        ObjectNode out = ctx.ok();
        out.put("task_id", done.id());
        Run run = lastRunWith(ctx, taskId, RunOutcome.COMPLETED);
        if (run == null) {
            out.putNull("run_id");
        } else {
            out.put("run_id", run.id());
        }
        out.put("status", done.status().wire());
        out.set("attachments", ctx.json().valueToTree(artifacts.isEmpty() ? List.of()
                : ctx.board().attachments().list(taskId).stream()
                        .filter(a -> Attachments.COMPLETE_UPLOADER.equals(a.uploadedBy())).toList()));
        // The reference's prose scan: advisory, the completion stands; the worker learns of it here.
        List<String> suspected = finished.suspectedReferences();
        suspected.forEach(out.putArray("suspected_hallucinated_references")::add);
        if (!suspected.isEmpty()) {
            out.put("warning", "your summary or result mentions " + String.join(", ", suspected) + ", which "
                    + (suspected.size() == 1 ? "is not a card" : "are not cards") + " on this board; the completion"
                    + " stands and this is on record as suspected_hallucinated_references. Mention only ids that"
                    + " kanban_create or kanban_show gave you.");
        }
        return out;
    }

    /** The metadata with the evidence list under {@code evidence}; giving it in both places is refused. */
    private static JsonNode withEvidence(ToolContext ctx, ObjectNode args) {
        JsonNode metadata = args.get("metadata");
        JsonNode evidence = args.get("evidence");
        if (evidence == null) {
            return metadata;
        }
        if (metadata != null && metadata.has("evidence")) {
            throw new ToolFailure(ToolError.INVALID_ARGUMENT, "evidence: given both as an argument and as"
                    + " metadata.evidence; give it once. Nothing changed.", "evidence");
        }
        ObjectNode merged = metadata == null ? ctx.json().createObjectNode() : ((ObjectNode) metadata).deepCopy();
        merged.set("evidence", evidence);
        return merged;
    }

    static String metadata(ToolContext ctx, JsonNode node) {
        if (node == null) {
            return null;
        }
        try {
            return ctx.json().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new ToolFailure(ToolError.INVALID_ARGUMENT, "metadata: cannot be written as JSON", "metadata");
        }
    }

    static Run lastRunWith(ToolContext ctx, String taskId, RunOutcome outcome) {
        Run last = null;
        for (Run r : ctx.board().runs().of(taskId)) {
            if (r.outcome() == outcome) {
                last = r;
            }
        }
        return last;
    }
}
