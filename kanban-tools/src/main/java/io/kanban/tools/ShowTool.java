package io.kanban.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.error.KanbanException;
import io.kanban.core.model.Run;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskDetail;
import io.kanban.core.wire.ParentOutput;
import java.util.ArrayList;
import java.util.List;

/**
 * kanban_show: the task, what its parents produced, the discussion, the attempts and the recent history. Every
 * record is in the core's wire format, as the CLI's {@code show --json} and the REST API write it; a parent is the
 * task record plus the summary and metadata of its last completed run.
 */
final class ShowTool implements KanbanTool {

    @Override
    public String name() {
        return "kanban_show";
    }

    @Override
    public String description() {
        return "Read a kanban task in full. Call this first, before doing any work: it returns the task (title, body,"
                + " status, assignee, workspace, tenant), each parent task with the result and summary it finished"
                + " with (your inputs), the child tasks, the comment thread (instructions and answers from people"
                + " and other agents arrive here), every previous attempt (run) with its outcome and error, and the"
                + " latest events, and the files attached to it. Without task_id it shows your own task (with no card in scope it says so). Times are epoch seconds.";
    }

    @Override
    public ObjectNode inputSchema() {
        return Schema.object()
                .string("task_id", "Task id such as t_1a2b3c4d5e6f. Leave out to read your own task.", 64)
                .build();
    }

    @Override
    public ObjectNode call(ToolContext ctx, ObjectNode args) {
        if (ToolContext.text(args, "task_id") == null && !ctx.env().active()) {
            // An orchestrator has no card of its own: say so, as the reference does, instead of failing.
            ObjectNode out = ctx.ok();
            out.putNull("current_task");
            out.put("hint", "No card is in scope (" + ToolEnvironment.TASK + " is not set): pass task_id, or call"
                    + " kanban_list to find one.");
            return out;
        }
        String taskId = ctx.taskId(args);
        ObjectMapper json = ctx.json();
        TaskDetail detail = ctx.board().tasks().detail(taskId);
        List<ParentOutput> parents = new ArrayList<>();
        for (Task parent : detail.parents()) {
            parents.add(ParentOutput.of(parent, runsOf(ctx, parent.id())));
        }
        ObjectNode out = ctx.ok();
        out.set("task", json.valueToTree(detail.task()));
        out.set("parents", json.valueToTree(parents));
        out.set("children", json.valueToTree(detail.children()));
        out.set("comments", json.valueToTree(detail.comments()));
        out.set("events", json.valueToTree(detail.events()));
        out.set("runs", json.valueToTree(detail.runs()));
        out.set("attachments", json.valueToTree(ctx.board().attachments().list(taskId)));
        out.set("worker_context", workerContext(ctx, detail.task()));
        return out;
    }

    private static List<Run> runsOf(ToolContext ctx, String taskId) {
        try {
            return ctx.board().runs().of(taskId);
        } catch (KanbanException e) {
            // A parent outside this worker's tenant: its status is shown, its output is not ours to read.
            return List.of();
        }
    }

    private static ObjectNode workerContext(ToolContext ctx, Task task) {
        ToolEnvironment env = ctx.env();
        ObjectNode n = ctx.json().createObjectNode();
        n.put("is_your_task", task.id().equals(env.taskId()));
        n.put("your_task_id", env.taskId());
        n.put("profile", env.identity());
        n.put("tenant", env.tenant());
        n.put("workspace", env.workspace());
        n.put("run_id", env.runIdText());
        return n;
    }
}
