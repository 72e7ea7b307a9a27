package io.kanban.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.model.Attachment;
import java.util.Base64;

/** kanban_attach: puts a file the worker has in hand (base64) on a task, signed with the worker's profile. */
final class AttachTool implements KanbanTool {
    /** Base64 of the largest cap anyone sets is far below this; the board's own cap is checked on the bytes. */
    static final int BASE64_MAX_CHARS = 64 * 1024 * 1024;

    @Override
    public String name() {
        return "kanban_attach";
    }

    @Override
    public String description() {
        return "Attach a file to a kanban task: a report, a patch, a chart, a log excerpt, given as base64. People"
                + " open it from the card; later workers see it in kanban_show. At most 25 MB. For a file in your"
                + " workspace at the end of the task, prefer artifacts on kanban_complete. Without task_id it attaches"
                + " to your own task.";
    }

    @Override
    public ObjectNode inputSchema() {
        return Schema.object()
                .string("task_id", "Task id; leave out to attach to your own task.", 64)
                .string("filename", "The file's name on the card, such as report.md.", 1024)
                .string("content_base64", "The file's bytes, base64-encoded.", BASE64_MAX_CHARS)
                .string("content_type", "Its media type, such as image/png; leave out to guess from the name.", 200)
                .required("filename", "content_base64")
                .build();
    }

    @Override
    public ObjectNode call(ToolContext ctx, ObjectNode args) {
        String taskId = ctx.ownTaskId(args);
        byte[] bytes;
        try {
            // Line breaks and spaces are allowed (some encoders wrap); any other stray character is an error.
            bytes = Base64.getDecoder().decode(ToolContext.text(args, "content_base64").replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new ToolFailure(ToolError.INVALID_ARGUMENT, "content_base64: not valid base64 ("
                    + e.getMessage() + ")", "content_base64");
        }
        Attachment a = ctx.board().attachments().add(taskId, ToolContext.text(args, "filename"),
                ToolContext.text(args, "content_type"), ctx.env().identity(), bytes);
        return AttachmentsTool.answer(ctx, a);
    }

}
