package io.kanban.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.error.KanbanException;
import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskDetail;
import java.util.List;

/** kanban_show: the task, what its parents produced, the discussion, the attempts and the recent history. */
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
                + " latest events. Without task_id it shows your own task.";
    }

    @Override
    public ObjectNode inputSchema() {
        return Schema.object()
                .string("task_id", "Task id such as t_1a2b3c4d5e6f. Leave out to read your own task.", 64)
                .build();
    }

    @Override
    public ObjectNode call(ToolContext ctx, ObjectNode args) {
        String taskId = ctx.taskId(args);
        ObjectMapper json = ctx.json();
        TaskDetail detail = ctx.board().tasks().detail(taskId);
        ObjectNode out = ctx.ok();
        out.set("task", Render.task(json, detail.task()));
        ArrayNode parents = out.putArray("parents");
        for (Task parent : detail.parents()) {
            ObjectNode p = Render.neighbour(json, parent);
            p.put("result", parent.result());
            Run finished = lastCompletedRun(ctx, parent.id());
            p.put("summary", finished == null ? null : finished.summary());
            p.set("metadata", Render.parsed(json, finished == null ? null : finished.metadata()));
            parents.add(p);
        }
        ArrayNode children = out.putArray("children");
        detail.children().forEach(c -> children.add(Render.neighbour(json, c)));
        ArrayNode comments = out.putArray("comments");
        detail.comments().forEach(c -> comments.add(Render.comment(json, c)));
        ArrayNode runs = out.putArray("runs");
        detail.runs().forEach(r -> runs.add(Render.run(json, r)));
        ArrayNode events = out.putArray("events");
        detail.events().forEach(e -> events.add(Render.event(json, e)));
        out.set("worker_context", workerContext(ctx, detail.task()));
        return out;
    }

    private static Run lastCompletedRun(ToolContext ctx, String taskId) {
        List<Run> runs;
        try {
            runs = ctx.board().runs().of(taskId);
        } catch (KanbanException e) {
            // A parent outside this worker's tenant: its status is shown, its output is not ours to read.
            return null;
        }
        Run last = null;
        for (Run r : runs) {
            if (r.outcome() == RunOutcome.COMPLETED) {
                last = r;
            }
        }
        return last;
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
