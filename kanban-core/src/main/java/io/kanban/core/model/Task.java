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
 *
 * @param id the task's id ({@code t_…})
 * @param title a one-line title
 * @param body the description, or null
 * @param assignee the profile that works on it, or null when unassigned
 * @param status where it stands
 * @param priority higher is claimed first
 * @param tenant the tenant it belongs to, or null
 * @param createdBy who created it, or null
 * @param createdAt when it was created
 * @param startedAt when a worker first claimed it, or null
 * @param completedAt when it was completed, or null
 * @param workspace where its worker runs
 * @param claimLock the claimer's {@code <host>:<pid>} while claimed, else null
 * @param claimExpires when the claim lapses without a heartbeat, or null
 * @param result the result its completion stored, or null
 * @param idempotencyKey the key it was created with, or null
 * @param consecutiveFailures failed attempts in a row (the circuit breaker's count)
 * @param lastFailureError the error of the last failed attempt, or null
 * @param workerPid the worker's process id while one runs, else null
 * @param maxRuntime how long one worker may run on it, or null for the dispatcher's default
 * @param lastHeartbeatAt the worker's last heartbeat, or null
 * @param currentRunId the open run while running, else null
 * @param skills the skills its worker loads; never null
 * @param blockKind why it is blocked ({@link BlockKind}'s wire name, or another kernel's text), or null
 * @param blockRecurrences how often it blocked again for the same kind
 * @param maxRetries failed attempts in a row before the breaker blocks it, or null for the dispatcher's limit
 * @param scheduledUntil when a scheduled task is due, or null
 * @param modelOverride the model its workers run with, or null for the profile's
 * @param providerOverride the provider of {@code modelOverride}, or null
 * @param reasoningEffort the reasoning level its workers run with, or null for the profile's
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

    /**
     * Copies the skills; null means none.
     *
     * @param id the task's id ({@code t_…})
     * @param title a one-line title
     * @param body the description, or null
     * @param assignee the profile that works on it, or null when unassigned
     * @param status where it stands
     * @param priority higher is claimed first
     * @param tenant the tenant it belongs to, or null
     * @param createdBy who created it, or null
     * @param createdAt when it was created
     * @param startedAt when a worker first claimed it, or null
     * @param completedAt when it was completed, or null
     * @param workspace where its worker runs
     * @param claimLock the claimer's {@code <host>:<pid>} while claimed, else null
     * @param claimExpires when the claim lapses without a heartbeat, or null
     * @param result the result its completion stored, or null
     * @param idempotencyKey the key it was created with, or null
     * @param consecutiveFailures failed attempts in a row (the circuit breaker's count)
     * @param lastFailureError the error of the last failed attempt, or null
     * @param workerPid the worker's process id while one runs, else null
     * @param maxRuntime how long one worker may run on it, or null for the dispatcher's default
     * @param lastHeartbeatAt the worker's last heartbeat, or null
     * @param currentRunId the open run while running, else null
     * @param skills the skills its worker loads; never null
     * @param blockKind why it is blocked ({@link BlockKind}'s wire name, or another kernel's text), or null
     * @param blockRecurrences how often it blocked again for the same kind
     * @param maxRetries failed attempts in a row before the breaker blocks it, or null for the dispatcher's limit
     * @param scheduledUntil when a scheduled task is due, or null
     * @param modelOverride the model its workers run with, or null for the profile's
     * @param providerOverride the provider of {@code modelOverride}, or null
     * @param reasoningEffort the reasoning level its workers run with, or null for the profile's
     */
    public Task {
        skills = skills == null ? List.of() : List.copyOf(skills);
    }

    /**
     * This task as a completion leaves it: done, result set, claim and failure count cleared.
     *
     * @param newResult the result the completion stores
     * @param at when it completed
     * @return the completed copy
     */
    public Task asCompleted(String newResult, Instant at) {
        return new Task(id, title, body, assignee, Status.DONE, priority, tenant, createdBy, createdAt, startedAt, at,
                workspace, null, null, newResult, idempotencyKey, 0, null, null, maxRuntime, lastHeartbeatAt, null,
                skills, null, 0, maxRetries, null, modelOverride, providerOverride, reasoningEffort);
    }
}
