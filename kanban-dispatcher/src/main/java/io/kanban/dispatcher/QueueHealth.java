package io.kanban.dispatcher;

import io.kanban.core.Board;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.dispatch.HealthReport;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.model.StuckTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log side of core's stuck-queue telemetry ({@link io.kanban.core.Health}): after each tick core judges the
 * queue and records newly stuck tasks as {@code stuck} events; this logs a warning for a stuck task at most once
 * per {@link #WARN_EVERY} (the reference's 300 s), so a loop ticking every second does not repeat itself while a
 * long-stuck task is still named again now and then.
 */
final class QueueHealth {
    private static final Logger LOG = LoggerFactory.getLogger(QueueHealth.class);

    private final Board board;
    private final DispatchPolicy policy;
    private final Duration threshold;
    static final Duration WARN_EVERY = Duration.ofSeconds(300);

    private volatile HealthReport latest = HealthReport.NOT_CHECKED;
    private final Map<String, Instant> lastWarned = new HashMap<>();

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

    /** Returns the tasks warned about now. */
    List<String> warn(HealthReport report) {
        Instant now = report.checkedAt();
        lastWarned.values().removeIf(at -> !now.isBefore(at.plus(WARN_EVERY)));
        List<String> warned = new ArrayList<>();
        for (StuckTask s : report.stuck()) {
            if (lastWarned.putIfAbsent(s.taskId(), now) == null) {
                LOG.warn("stuck queue: {} ({}) is not moving: {}: {}", s.taskId(), s.title(), s.cause().wire(),
                        s.detail());
                warned.add(s.taskId());
            }
        }
        return warned;
    }
}
