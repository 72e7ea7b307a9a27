package io.kanban.core.spi;

import io.kanban.core.dispatch.HealthReport;
import io.kanban.core.dispatch.TickReport;
import java.time.Duration;
import java.util.Optional;

/** A running dispatcher loop. Closing it stops it gracefully. */
public interface DispatcherHandle extends AutoCloseable {

    /** Asks for a tick now instead of at the next interval. */
    void nudge();

    /** @return the report of the last finished tick, if any */
    Optional<TickReport> lastTick();

    /**
     * The last tick's report of each board, by slug, for a dispatcher serving every board of a Hermes home; a
     * one-board dispatcher answers {@link #lastTick()} instead and leaves this empty.
     *
     * @return the reports of the last tick, by board slug
     */
    default java.util.Map<String, TickReport> lastTickByBoard() {
        return java.util.Map.of();
    }

    /** @return true while the loop runs (started and not stopped) */
    boolean isRunning();

    /**
     * The stuck-queue verdict of the last tick ({@link HealthReport#NOT_CHECKED} before one). A dispatcher that
     * does not judge its queue keeps the default; the event log and {@code Tasks.stats()} still show what any
     * other dispatcher reported.
     *
     * @return the last tick's verdict
     */
    default HealthReport health() {
        return HealthReport.NOT_CHECKED;
    }

    /**
     * No new spawns, lets the current tick finish (up to {@code timeout}), releases resources. Idempotent.
     *
     * @param timeout how long to wait for the current tick before interrupting it
     */
    void stop(Duration timeout);

    @Override
    default void close() {
        stop(Duration.ofSeconds(30));
    }
}
