package io.kanban.core.model;

/** An attachment with its bytes, as a download or a save reads it. At most the board's cap (25 MiB by default). */
public record AttachmentContent(Attachment attachment, byte[] bytes) {
}
