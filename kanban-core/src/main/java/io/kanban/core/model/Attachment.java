package io.kanban.core.model;

import java.time.Instant;

/**
 * A file on a card: one row of the reference's {@code task_attachments}. {@code storedPath} is where the bytes are:
 * an absolute file path on a SQLite board, {@code attachments/<task_id>/<name>} in the database on PostgreSQL.
 */
public record Attachment(long id, String taskId, String filename, String storedPath, String contentType, long size,
                         String uploadedBy, Instant createdAt) {
}
