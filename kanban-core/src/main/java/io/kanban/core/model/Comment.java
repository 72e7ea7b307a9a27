package io.kanban.core.model;

import java.time.Instant;

public record Comment(long id, String taskId, String author, String body, Instant createdAt) {
}
