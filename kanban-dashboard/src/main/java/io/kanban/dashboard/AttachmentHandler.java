package io.kanban.dashboard;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.kanban.core.Board;
import io.kanban.core.error.AttachmentTooLarge;
import io.kanban.core.model.Attachment;
import io.kanban.core.model.AttachmentContent;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A task's attachments: list, multipart upload, download, delete. A download is served so that nothing uploaded can
 * run in the dashboard's origin: {@code Content-Disposition: attachment} (inline only for a few raster image types,
 * never SVG), {@code nosniff}, and a CSP that sandboxes whatever the browser renders anyway.
 */
final class AttachmentHandler {
    /** Types a browser shows as a plain picture: no script, no markup. SVG is markup and is not among them. */
    static final Set<String> INLINE_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");
    /** Whatever is rendered from a download runs in a unique opaque origin, with nothing allowed to load. */
    static final String DOWNLOAD_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";

    private final Board board;

    AttachmentHandler(Board board) {
        this.board = board;
    }

    void list(Context ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("attachments", board.attachments().list(ctx.pathParam("id")));
        out.put("max_bytes", board.attachments().maxBytes());
        ctx.json(out);
    }

    /** Multipart: the file in part {@code file}; optional fields {@code uploaded_by}, {@code filename}, {@code content_type}. */
    void upload(Context ctx) {
        String taskId = ctx.pathParam("id");
        UploadedFile file;
        try {
            file = ctx.uploadedFile("file");
        } catch (Exception e) { // the servlet layer throws its checked exceptions through Kotlin unchecked
            // Jetty refuses a part past the multipart limits before we see a byte of it.
            if (tooLarge(e)) {
                throw new AttachmentTooLarge("file", board.attachments().maxBytes());
            }
            throw ApiError.badRequest("file", "the body must be multipart/form-data with a 'file' part");
        }
        if (file == null) {
            throw ApiError.badRequest("file", "the multipart body has no 'file' part");
        }
        if (file.size() > board.attachments().maxBytes()) {
            throw new AttachmentTooLarge("file", board.attachments().maxBytes());
        }
        String name = field(ctx, "filename");
        String type = field(ctx, "content_type");
        String who = field(ctx, "uploaded_by");
        try (InputStream in = file.content()) {
            Attachment a = board.attachments().add(taskId, name != null ? name : file.filename(),
                    type != null ? type : declaredType(file), who != null ? who : "user", in);
            ctx.status(201).json(a);
        } catch (IOException e) {
            throw ApiError.badRequest("file", "the upload could not be read: " + e.getMessage());
        }
    }

    void download(Context ctx) {
        AttachmentContent c = board.attachments().read(attachmentId(ctx));
        Attachment a = c.attachment();
        String type = a.contentType() == null ? "application/octet-stream" : a.contentType();
        boolean inline = INLINE_TYPES.contains(baseType(type));
        ctx.header("Content-Disposition", (inline ? "inline" : "attachment") + "; " + filenameParameters(a.filename()));
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", DOWNLOAD_CSP);
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
        ctx.header("Cache-Control", "private, no-cache");
        ctx.contentType(type);
        ctx.result(c.bytes());
    }

    void delete(Context ctx) {
        Attachment removed = board.attachments().remove(attachmentId(ctx), "user");
        ctx.json(Map.of("removed", removed));
    }

    private static long attachmentId(Context ctx) {
        String raw = ctx.pathParam("attachmentId");
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("attachment_id", "'" + raw + "' is not an attachment id");
        }
    }

    private static String field(Context ctx, String name) {
        String v = ctx.formParam(name);
        return v == null || v.isBlank() ? null : v;
    }

    /** The part's own type, unless it is the browser's say-nothing default. */
    private static String declaredType(UploadedFile file) {
        String t = file.contentType();
        return t == null || t.isBlank() || t.equals("application/octet-stream") ? null : t;
    }

    private static String baseType(String type) {
        int semi = type.indexOf(';');
        return (semi < 0 ? type : type.substring(0, semi)).strip().toLowerCase(java.util.Locale.ROOT);
    }

    /** RFC 6266: an ASCII fallback and the exact UTF-8 name. Names are already printable (core made them safe). */
    static String filenameParameters(String name) {
        String ascii = name.replaceAll("[^\\x20-\\x7e]", "_").replace("\\", "_").replace("\"", "_");
        String exact = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return "filename=\"" + ascii + "\"; filename*=UTF-8''" + exact;
    }

    private static boolean tooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (m.contains("exceed") || m.contains("too large")) {
                return true;
            }
        }
        return false;
    }
}
