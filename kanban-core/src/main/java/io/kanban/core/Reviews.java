package io.kanban.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanban.core.model.EventKind;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.store.EventStore;
import io.kanban.core.store.Json;
import io.kanban.core.store.Tx;
import java.util.Optional;

/**
 * Who works on a task under review, read from its events as the reference records them: the implementer and
 * reviewer in the newest {@code review_requested}, the reviewer of the newest {@code changes_requested}, and
 * whether a run was claimed from review ({@code claimed} with {@code source_status=review}). Reading the log,
 * not columns of our own, keeps this right for runs and requests the reference kernel wrote.
 */
final class Reviews {
    static final String SOURCE_STATUS = "source_status";

    private Reviews() {
    }

    /** Whether the task's open run is a reviewer's. */
    static boolean openRunIsReview(Tx tx, Task task) {
        return task.status() == Status.RUNNING && task.currentRunId() != null
                && claimedFromReview(tx, task.currentRunId());
    }

    static boolean claimedFromReview(Tx tx, long runId) {
        return EventStore.latestOfRun(tx, runId, EventKind.CLAIMED)
                .map(e -> text(e.payload(), SOURCE_STATUS))
                .filter(Status.REVIEW.wire()::equals)
                .isPresent();
    }

    /** The implementer recorded by the newest review request, if any. */
    static Optional<String> implementer(Tx tx, String taskId) {
        return EventStore.latest(tx, taskId, EventKind.REVIEW_REQUESTED).map(e -> text(e.payload(), "implementer"));
    }

    /** The reviewer of the newest request for changes: a re-review goes back to them by default. */
    static Optional<String> lastChangesReviewer(Tx tx, String taskId) {
        return EventStore.latest(tx, taskId, EventKind.CHANGES_REQUESTED).map(e -> text(e.payload(), "reviewer"));
    }

    private static String text(String payload, String field) {
        JsonNode node = Json.readOrNull(payload);
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
