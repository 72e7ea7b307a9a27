package io.kanban.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.Limits;
import io.kanban.core.model.Comment;

/** kanban_comment: adds to a task's discussion thread, signed with the worker's profile. */
final class CommentTool implements KanbanTool {

    @Override
    public String name() {
        return "kanban_comment";
    }

    @Override
    public String description() {
        return "Add a comment to a kanban task's thread, signed with your profile name. Use it for progress notes,"
                + " findings other agents should know, or a question to a person; comments stay with the task and"
                + " are shown by kanban_show. Without task_id it comments on your own task.";
    }

    @Override
    public ObjectNode inputSchema() {
        return Schema.object()
                .string("task_id", "Task id; leave out to comment on your own task.", 64)
                .string("body", "The comment text.", Limits.COMMENT_MAX)
                .required("body")
                .build();
    }

    @Override
    public ObjectNode call(ToolContext ctx, ObjectNode args) {
        String taskId = ctx.taskId(args);
        Comment comment = ctx.board().comments().add(taskId, ctx.env().identity(), ToolContext.text(args, "body"));
        ObjectNode out = ctx.ok();
        out.put("task_id", comment.taskId());
        out.put("comment_id", comment.id());
        return out;
    }
}
