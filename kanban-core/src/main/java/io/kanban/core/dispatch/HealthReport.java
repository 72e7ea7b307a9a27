package io.kanban.core.dispatch;

import io.kanban.core.model.StuckTask;
import java.time.Instant;
import java.util.List;

/**
 * The stuck-queue verdict after a dispatch tick: ready tasks that waited past the threshold without a spawn,
 * and tasks the circuit breaker blocked, each with its cause.
 *
 * @param checkedAt when the verdict was made; null before the first check
 * @param stuck the stuck tasks, with their causes
 * @param newlyStuck ids in {@code stuck} whose condition started with this check (each got a {@code stuck} event)
 */
public record HealthReport(Instant checkedAt, List<StuckTask> stuck, List<String> newlyStuck) {
    /** The report before the first check. */
    public static final HealthReport NOT_CHECKED = new HealthReport(null, List.of(), List.of());

    /**
     * Copies the lists.
     *
     * @param checkedAt when the verdict was made; null before the first check
     * @param stuck the stuck tasks, with their causes
     * @param newlyStuck ids in {@code stuck} whose condition started with this check (each got a {@code stuck} event)
     */
    public HealthReport {
        stuck = List.copyOf(stuck);
        newlyStuck = List.copyOf(newlyStuck);
    }

    /**
     * @return whether no task is stuck
     */
    public boolean healthy() {
        return stuck.isEmpty();
    }
}
