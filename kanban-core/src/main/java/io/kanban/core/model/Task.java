package io.kanban.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One row of {@code tasks}. Optional columns are null when unset; {@code skills} is never null.
 * {@code currentRunId} names the open run while the task is running. {@code blockKind} and
 * {@code blockRecurrences} are the reference's typed-block columns ({@link BlockKind}'s wire name, or another
 * kernel's text); {@code maxRetries} overrides the dispatcher's failure limit; {@code scheduledUntil} (ours) is
 * when a scheduled task is due. {@code modelOverride} and {@code providerOverride} are the reference's per-card
 * overrides of the model (and its provider) a worker runs with; null: the profile's own. {@code reasoningEffort} is
 * the reference's per-card reasoning level ({@code --reasoning}); null: the profile's own.
 */
public record Task(
        String id,
        String title,
        String body,
        String assignee,
        Status status,
        int priority,
        String tenant,
        String createdBy,
        Instant createdAt,
        Instant startedAt,
        Instant completedAt,
        Workspace workspace,
        String claimLock,
        Instant claimExpires,
        String result,
        String idempotencyKey,
        int consecutiveFailures,
        String lastFailureError,
        Long workerPid,
        Duration maxRuntime,
        Instant lastHeartbeatAt,
        Long currentRunId,
        List<String> skills,
        String blockKind,
        int blockRecurrences,
        Integer maxRetries,
        Instant scheduledUntil,
        String modelOverride,
        String providerOverride,
        String reasoningEffort) {

    public Task {
        skills = skills == null ? List.of() : List.copyOf(skills);
    }

    /** This task as a completion leaves it: done, result set, claim and failure count cleared. */
    public Task asCompleted(String newResult, Instant at) {
        return new Task(id, title, body, assignee, Status.DONE, priority, tenant, createdBy, createdAt, startedAt, at,
                workspace, null, null, newResult, idempotencyKey, 0, null, null, maxRuntime, lastHeartbeatAt, null,
                skills, null, 0, maxRetries, null, modelOverride, providerOverride, reasoningEffort);
    }
}
