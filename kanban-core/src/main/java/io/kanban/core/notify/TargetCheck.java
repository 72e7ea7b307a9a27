package io.kanban.core.notify;

/**
 * The answer of a target to a test message.
 *
 * @param status the HTTP status, or 0 when no answer came (connection refused, time-out)
 * @param detail the start of the answer or the failure, with URLs and secrets masked
 */
public record TargetCheck(String target, boolean accepted, int status, String detail) {
}
