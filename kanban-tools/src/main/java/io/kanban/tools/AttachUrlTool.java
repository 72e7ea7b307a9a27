package io.kanban.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.model.Attachment;

/**
 * kanban_attach_url: fetches an http(s) URL and attaches what came back. Only public addresses are fetched, on every
 * redirect ({@link UrlFetcher}); the download is capped at the board's attachment size and in time.
 */
final class AttachUrlTool implements KanbanTool {
    private final UrlFetcher fetcher;

    AttachUrlTool(UrlFetcher fetcher) {
        this.fetcher = fetcher;
    }

    @Override
    public String name() {
        return "kanban_attach_url";
    }

    @Override
    public String description() {
        return "Download a public http or https URL and attach it to a kanban task (a published report, a dataset,"
                + " an image). Local, private and cloud-metadata addresses are refused, also after a redirect; at"
                + " most 5 redirects, 25 MB and 30 seconds. Without task_id it attaches to your own task.";
    }

    @Override
    public ObjectNode inputSchema() {
        return Schema.object()
                .string("task_id", "Task id; leave out to attach to your own task.", 64)
                .string("url", "The http or https URL to fetch.", 4096)
                .string("filename", "The name on the card; default: the last part of the URL's path.", 1024)
                .string("content_type", "Its media type; default: what the server says, else a guess from the name.",
                        200)
                .required("url")
                .build();
    }

    @Override
    public ObjectNode call(ToolContext ctx, ObjectNode args) {
        String taskId = ctx.ownTaskId(args);
        ctx.board().tasks().get(taskId); // an unknown task is refused before anything is fetched
        UrlFetcher.Fetched got = fetcher.fetch(ToolContext.text(args, "url"), ctx.board().attachments().maxBytes());
        String name = ToolContext.text(args, "filename");
        if (name == null) {
            String path = got.finalUri().getPath();
            name = path == null || path.isEmpty() || path.endsWith("/") ? "download"
                    : path.substring(path.lastIndexOf('/') + 1);
        }
        String type = ToolContext.text(args, "content_type");
        if (type == null && got.contentType() != null && !got.contentType().startsWith("application/octet-stream")) {
            type = got.contentType();
        }
        Attachment a;
        try {
            a = ctx.board().attachments().add(taskId, name, type, ctx.env().identity(), got.bytes());
        } catch (io.kanban.core.error.ValidationError e) {
            if (!"content_type".equals(e.field()) || ToolContext.text(args, "content_type") != null) {
                throw e;
            }
            // The server's Content-Type did not parse: guess from the name instead.
            a = ctx.board().attachments().add(taskId, name, null, ctx.env().identity(), got.bytes());
        }
        ObjectNode out = AttachmentsTool.answer(ctx, a);
        out.put("url", got.finalUri().toString());
        return out;
    }
}
