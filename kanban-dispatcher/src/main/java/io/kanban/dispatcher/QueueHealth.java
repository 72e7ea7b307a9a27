package io.kanban.dispatcher;

import io.kanban.core.Board;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.dispatch.TickReport.SkipReason;
import io.kanban.core.model.Attention;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stuck-queue telemetry: after each tick, ready tasks that have waited past the threshold and were not spawned,
 * each with the cause (no assignee, a limit reached, claimed elsewhere, failing attempts), plus tasks the circuit
 * breaker blocked. A change in the stuck set is logged at once; an unchanged one again after each threshold.
 */
public final class QueueHealth {
    private static final Logger LOG = LoggerFactory.getLogger(QueueHealth.class);

    /** A task that is not moving, and why. */
    public record StuckTask(String taskId, String title, String cause) {
    }

    /** The latest verdict: healthy when {@code stuck} is empty. */
    public record Report(Instant checkedAt, List<StuckTask> stuck) {
        public static final Report NOT_CHECKED = new Report(null, List.of());

        public boolean healthy() {
            return stuck.isEmpty();
        }
    }

    private final Board board;
    private final DispatchPolicy policy;
    private final Duration threshold;
    private final Clock clock;
    private volatile Report latest = Report.NOT_CHECKED;
    private Set<String> lastWarned = Set.of();
    private Instant lastWarnedAt;

    public QueueHealth(Board board, DispatchPolicy policy, Duration threshold) {
        this.board = board;
        this.policy = policy;
        this.threshold = threshold;
        this.clock = board.options().clock();
    }

    public Report latest() {
        return latest;
    }

    /** Judges the queue after {@code tick}; called with ticks serialized. */
    public Report observe(TickReport tick) {
        Map<String, SkipReason> skipped = new HashMap<>();
        tick.skipped().forEach(s -> skipped.put(s.taskId(), s.reason()));
        Set<String> spawned = new HashSet<>();
        tick.spawned().forEach(s -> spawned.add(s.taskId()));

        List<Attention> attention = board.tasks().attention(threshold);
        Map<String, String> failing = new HashMap<>();
        for (Attention a : attention) {
            if (a.kind() == Attention.Kind.REPEATED_FAILURES) {
                failing.put(a.taskId(), a.message());
            }
        }
        List<StuckTask> stuck = new ArrayList<>();
        for (Attention a : attention) {
            if (a.kind() == Attention.Kind.STUCK_READY && !spawned.contains(a.taskId())) {
                stuck.add(new StuckTask(a.taskId(), a.title(),
                        cause(a.taskId(), skipped.get(a.taskId()), failing.get(a.taskId()))));
            } else if (a.kind() == Attention.Kind.BREAKER_OPEN) {
                stuck.add(new StuckTask(a.taskId(), a.title(), "circuit breaker open: " + a.message()));
            }
        }
        Instant now = clock.instant();
        Report report = new Report(now, List.copyOf(stuck));
        latest = report;
        warn(report, now);
        return report;
    }

    private String cause(String taskId, SkipReason reason, String failures) {
        if (reason == null) {
            return failures != null ? "its attempts keep failing: " + failures
                    : "not reached by this dispatcher (another tenant's board handle, or past the queue window)";
        }
        return switch (reason) {
            case UNASSIGNED -> "no assignee, so no worker profile can run it";
            case ASSIGNEE_AT_LIMIT -> "its profile already runs its limit of " + policy.perAssigneeLimit()
                    + " worker(s) (kanban.per_assignee_limit)";
            case GLOBAL_LIMIT -> "the board already runs its limit of " + policy.globalLimit()
                    + " workers (kanban.max_in_progress)";
            case TICK_LIMIT -> "each tick starts at most " + policy.maxSpawnsPerTick()
                    + " workers (kanban.max_spawn)";
            case CLAIMED_ELSEWHERE -> "another dispatcher keeps claiming it first";
        };
    }

    private void warn(Report report, Instant now) {
        Set<String> ids = new HashSet<>();
        report.stuck().forEach(s -> ids.add(s.taskId()));
        if (ids.isEmpty()) {
            lastWarned = Set.of();
            return;
        }
        boolean changed = !ids.equals(lastWarned);
        boolean due = lastWarnedAt == null || !now.isBefore(lastWarnedAt.plus(threshold));
        if (changed || due) {
            for (StuckTask s : report.stuck()) {
                LOG.warn("stuck queue: {} ({}) is not moving: {}", s.taskId(), s.title(), s.cause());
            }
            lastWarned = ids;
            lastWarnedAt = now;
        }
    }
}
