package io.kanban.core.model;

import java.time.Instant;

/**
 * A comment on a task, as stored.
 *
 * @param id the comment's id, increasing in the order comments were added
 * @param taskId the task it is on
 * @param author who wrote it
 * @param body its text
 * @param createdAt when it was added
 */
public record Comment(long id, String taskId, String author, String body, Instant createdAt) {
}
