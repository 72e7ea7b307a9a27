package io.kanban.core.spi;

import io.kanban.core.notify.DeliveryReport;
import java.time.Duration;
import java.util.Optional;

/** A running notifier loop. Closing it stops it gracefully and gives up its leases. */
public interface NotifierHandle extends AutoCloseable {

    /** Asks for a delivery pass now instead of at the next interval. */
    void nudge();

    /** @return the report of the last finished delivery pass, if any */
    Optional<DeliveryReport> lastPass();

    /** @return true while the loop runs (started and not stopped) */
    boolean isRunning();

    /**
     * Sends nothing new, lets requests in flight finish (up to {@code timeout}), releases leases. Idempotent.
     *
     * @param timeout how long to wait for requests in flight
     */
    void stop(Duration timeout);

    @Override
    default void close() {
        stop(Duration.ofSeconds(30));
    }
}
