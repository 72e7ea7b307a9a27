package io.kanban.core.dispatch;

import java.time.Instant;

/**
 * A run's worker as the board and this host see it (the reference's {@code GET /runs/{id}/inspect}).
 *
 * @param local whether this host started the worker (its claim lock names this host): only then is {@code alive}
 *     known and can it be terminated from here
 * @param alive whether the worker process lives; null when it is another host's or has no pid
 * @param runtimeSeconds how long the run has lasted (up to its end when it ended)
 * @param logTail the last bytes of the run's log, or null when not asked for or unreadable
 */
public record WorkerInspection(long runId, String taskId, String profile, String status, Long pid, boolean local,
                               Boolean alive, Instant startedAt, Instant endedAt, long runtimeSeconds,
                               Instant lastHeartbeatAt, Instant claimExpires, String logPath, String logTail) {
}
