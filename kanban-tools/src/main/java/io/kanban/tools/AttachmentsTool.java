package io.kanban.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.model.Attachment;
import java.util.List;

/** kanban_attachments: the files on a task. */
final class AttachmentsTool implements KanbanTool {

    @Override
    public String name() {
        return "kanban_attachments";
    }

    @Override
    public String description() {
        return "List the files attached to a kanban task: name, type, size, who attached it, when, and where it is"
                + " stored (on a board file, a path you can read). Without task_id it lists your own task's.";
    }

    @Override
    public ObjectNode inputSchema() {
        return Schema.object()
                .string("task_id", "Task id; leave out for your own task.", 64)
                .build();
    }

    @Override
    public ObjectNode call(ToolContext ctx, ObjectNode args) {
        String taskId = ctx.taskId(args);
        List<Attachment> all = ctx.board().attachments().list(taskId);
        ObjectNode out = ctx.ok();
        out.put("task_id", taskId);
        out.set("attachments", ctx.json().valueToTree(all));
        out.put("count", all.size());
        return out;
    }

    /** {@code {ok, task_id, attachment}} after one was added. */
    static ObjectNode answer(ToolContext ctx, Attachment a) {
        ObjectNode out = ctx.ok();
        out.put("task_id", a.taskId());
        out.set("attachment", ctx.json().valueToTree(a));
        return out;
    }
}
