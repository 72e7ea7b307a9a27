package io.kanban.core.model;

import java.time.Instant;

/**
 * What one notification says, before any target formats it: which task, what happened and the one line that
 * matters (the summary, block reason or error). {@code eventId} lets a receiver drop a redelivered message.
 */
public record NotifyMessage(
        long eventId,
        String kind,
        Instant at,
        String taskId,
        String title,
        String status,
        String assignee,
        String tenant,
        String detail) {

    /**
     * A human phrase for the event kind: "completed", "was blocked", "gave up"…
     *
     * @return the phrase, for the message's text
     */
    public String verb() {
        return switch (kind) {
            case "completed" -> "completed";
            case "blocked" -> "was blocked";
            case "gave_up" -> "gave up after repeated failures";
            case "crashed" -> "crashed (worker exited without reporting)";
            case "timed_out" -> "timed out";
            case "created" -> "was created";
            case "claimed" -> "was claimed";
            case "unblocked" -> "was unblocked";
            case "archived" -> "was archived";
            case "commented" -> "got a comment";
            case "test" -> "test notification";
            default -> kind.replace('_', ' ');
        };
    }
}
