package io.kanban.core.model;

import java.util.Optional;

/**
 * Several changes to one task, applied together or not at all. Null fields are left alone; {@code assignee}
 * is null to leave it, empty to unassign. {@code reason} goes with a move to blocked or done.
 */
public record TaskUpdate(String title, String body, Optional<String> assignee, Integer priority, Status status,
                         String reason) {

    public boolean isEmpty() {
        return title == null && body == null && assignee == null && priority == null && status == null;
    }
}
