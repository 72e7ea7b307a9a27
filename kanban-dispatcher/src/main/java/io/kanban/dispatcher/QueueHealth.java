package io.kanban.dispatcher;

import io.kanban.core.Board;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.dispatch.HealthReport;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.model.StuckTask;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log side of core's stuck-queue telemetry ({@link io.kanban.core.Health}): after each tick core judges the
 * queue and records newly stuck tasks as {@code stuck} events; this logs a warning when the stuck set changes,
 * and again after each threshold while it stays the same, so a long-stuck queue is not forgotten in the log.
 */
final class QueueHealth {
    private static final Logger LOG = LoggerFactory.getLogger(QueueHealth.class);

    private final Board board;
    private final DispatchPolicy policy;
    private final Duration threshold;
    private volatile HealthReport latest = HealthReport.NOT_CHECKED;
    private Set<String> lastWarned = Set.of();
    private Instant lastWarnedAt;

    QueueHealth(Board board, DispatchPolicy policy, Duration threshold) {
        this.board = board;
        this.policy = policy;
        this.threshold = threshold;
    }

    HealthReport latest() {
        return latest;
    }

    /** Judges the queue after {@code tick}; called with ticks serialized. */
    HealthReport observe(TickReport tick) {
        HealthReport report = board.health().check(tick, policy, threshold);
        latest = report;
        warn(report);
        return report;
    }

    private void warn(HealthReport report) {
        Set<String> ids = new HashSet<>();
        report.stuck().forEach(s -> ids.add(s.taskId()));
        if (ids.isEmpty()) {
            lastWarned = Set.of();
            return;
        }
        Instant now = report.checkedAt();
        boolean changed = !ids.equals(lastWarned);
        boolean due = lastWarnedAt == null || !now.isBefore(lastWarnedAt.plus(threshold));
        if (changed || due) {
            for (StuckTask s : report.stuck()) {
                LOG.warn("stuck queue: {} ({}) is not moving: {}: {}", s.taskId(), s.title(), s.cause().wire(),
                        s.detail());
            }
            lastWarned = ids;
            lastWarnedAt = now;
        }
    }
}
