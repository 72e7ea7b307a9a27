package io.kanban.core.model;

import java.time.Duration;
import java.time.Instant;

/**
 * One attempt at a task (a row of {@code task_runs}). Open while {@code endedAt} is null; {@code outcome}
 * is null until then. {@code metadata} is the JSON object text the worker reported, or null.
 */
public record Run(
        long id,
        String taskId,
        String profile,
        String status,
        String claimLock,
        Instant claimExpires,
        Long workerPid,
        Duration maxRuntime,
        Instant lastHeartbeatAt,
        Instant startedAt,
        Instant endedAt,
        RunOutcome outcome,
        String summary,
        String metadata,
        String error,
        String logPath) {

    /**
     * @return true while the run has not ended
     */
    public boolean isOpen() {
        return endedAt == null;
    }
}
