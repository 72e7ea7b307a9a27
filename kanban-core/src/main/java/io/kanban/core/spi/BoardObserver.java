package io.kanban.core.spi;

import io.kanban.core.dispatch.TickReport;
import java.time.Duration;

/**
 * Hears what one process does to a board through its {@code Board} handle, for metrics: how long claims and
 * dispatch ticks take. Register with {@link io.kanban.core.Board#observe(BoardObserver)}; the Micrometer binder
 * {@link io.kanban.core.metrics.KanbanMetrics} is one. Calls arrive on the thread that did the work, after its
 * transaction ended; they must be quick and must not call back into the board. An observer that throws is
 * ignored (the claim or tick still counts as done).
 */
public interface BoardObserver {

    /**
     * A claim attempt ended: {@code Claims.claim}, {@code Claims.claimNext} or a dispatcher's claim before it
     * spawns a worker.
     *
     * @param took the time the attempt's transaction took
     * @param won true when a task was claimed, false when another worker won it or nothing was ready
     */
    default void claimed(Duration took, boolean won) {
    }

    /**
     * A dispatch tick ended; its {@link TickReport#elapsedMillis()} is how long it took.
     *
     * @param report what the tick did
     */
    default void ticked(TickReport report) {
    }
}
