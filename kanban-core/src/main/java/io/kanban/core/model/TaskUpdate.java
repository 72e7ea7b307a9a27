package io.kanban.core.model;

import java.util.Optional;

/**
 * Several changes to one task, applied together or not at all. Null fields are left alone; {@code assignee}
 * is null to leave it, empty to unassign. {@code reason} goes with a move to blocked or done. {@code model} is
 * null to leave the card's model override, empty (or {@code none}) to clear it, else the new model, set with
 * {@code provider} as {@code set-model} does; a provider goes only with a model. {@code reasoning} is null to leave
 * the card's reasoning level, empty (or {@code default}) to clear it, else the new level.
 *
 * @param title the new title, or null
 * @param body the new body, or null
 * @param assignee null to leave the assignee, empty to unassign, else the new one
 * @param priority the new priority, or null
 * @param status the status to move to, or null
 * @param reason why, with a move to blocked or done; or null
 * @param model null to leave the model override, empty or {@code none} to clear it, else the new model
 * @param provider the provider of {@code model}, or null
 * @param reasoning null to leave the reasoning level, empty or {@code default} to clear it, else the new level
 */
public record TaskUpdate(String title, String body, Optional<String> assignee, Integer priority, Status status,
                         String reason, Optional<String> model, String provider, Optional<String> reasoning) {

    /**
     * The changes without a reasoning level.
     *
     * @param title the new title, or null
     * @param body the new body, or null
     * @param assignee null to leave the assignee, empty to unassign, else the new one
     * @param priority the new priority, or null
     * @param status the status to move to, or null
     * @param reason why, with a move to blocked or done; or null
     * @param model null to leave the model override, empty or {@code none} to clear it, else the new model
     * @param provider the provider of {@code model}, or null
     */
    public TaskUpdate(String title, String body, Optional<String> assignee, Integer priority, Status status,
                      String reason, Optional<String> model, String provider) {
        this(title, body, assignee, priority, status, reason, model, provider, null);
    }

    /**
     * The changes without a model override.
     *
     * @param title the new title, or null
     * @param body the new body, or null
     * @param assignee null to leave the assignee, empty to unassign, else the new one
     * @param priority the new priority, or null
     * @param status the status to move to, or null
     * @param reason why, with a move to blocked or done; or null
     */
    public TaskUpdate(String title, String body, Optional<String> assignee, Integer priority, Status status,
                      String reason) {
        this(title, body, assignee, priority, status, reason, null, null, null);
    }

    /**
     * @return true if the update changes nothing
     */
    public boolean isEmpty() {
        return title == null && body == null && assignee == null && priority == null && status == null
                && model == null && provider == null && reasoning == null;
    }
}
