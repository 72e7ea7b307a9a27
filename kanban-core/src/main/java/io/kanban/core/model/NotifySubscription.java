package io.kanban.core.model;

import java.time.Instant;

/**
 * A request to tell a chat about a task's events. The first four fields are the key;
 * {@code lastEventId} is the delivery cursor.
 */
public record NotifySubscription(
        String taskId,
        String platform,
        String chatId,
        String threadId,
        String userId,
        Instant createdAt,
        long lastEventId) {
}
