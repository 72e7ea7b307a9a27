package io.kanban.core.model;

import java.time.Instant;

/**
 * A task that is not moving, and why.
 *
 * @param assignee the profile it waits for, or null
 * @param detail the cause in words, naming the limit or profile involved
 * @param readySince when it last became ready (null for a breaker-blocked task)
 * @param reportedAt when the {@code stuck} event recorded it, or null when none has yet
 */
public record StuckTask(String taskId, String title, String assignee, StuckCause cause, String detail,
                        Instant readySince, Instant reportedAt) {
}
