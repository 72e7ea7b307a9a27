package io.kanban.dispatcher;

import io.kanban.core.dispatch.TickReport;
import io.kanban.core.spi.DispatcherHandle;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MultiBoardDispatcher} in a loop: one thread ticks every board of the home each {@code interval}; a
 * failing tick is logged and the loop goes on; {@link #stop(Duration)} lets the current tick finish and closes the
 * boards. {@link #lastTick()} is empty: a tick here is one report per board ({@link #lastRound()}).
 */
public final class MultiBoardService implements DispatcherHandle {
    private static final Logger LOG = LoggerFactory.getLogger(MultiBoardService.class);

    private final MultiBoardDispatcher dispatcher;
    private final Duration interval;
    private final Pacer pacer = new Pacer(Duration.ofMillis(DispatcherService.SLICE_MILLIS));
    private volatile MultiBoardDispatcher.Report lastRound;

    /**
     * A loop over {@code dispatcher}, not yet started.
     *
     * @param dispatcher ticks every board of the home
     * @param interval the time between ticks
     */
    public MultiBoardService(MultiBoardDispatcher dispatcher, Duration interval) {
        this.dispatcher = dispatcher;
        this.interval = interval;
    }

    /**
     * Starts the loop; the first tick runs at once.
     *
     * @return this service
     */
    public MultiBoardService start() {
        pacer.start("kanban-dispatcher-all-boards", interval, () -> lastRound = dispatcher.tickOnce(), e -> {
            LOG.warn("dispatch tick over the boards failed; the next one runs as scheduled: {}", e.toString());
            LOG.debug("dispatch tick failure", e);
        });
        LOG.info("dispatcher started: a tick every {} s on every board", interval.toSeconds());
        return this;
    }

    /**
     * The last tick's reports, by board; empty before the first.
     *
     * @return the reports, or empty
     */
    public Optional<MultiBoardDispatcher.Report> lastRound() {
        return Optional.ofNullable(lastRound);
    }

    @Override
    public void nudge() {
        pacer.nudge();
    }

    @Override
    public Optional<TickReport> lastTick() {
        return Optional.empty();
    }

    @Override
    public boolean isRunning() {
        return pacer.running();
    }

    @Override
    public void stop(Duration timeout) {
        pacer.stopAndAwait(timeout).ifPresent(t -> {
            LOG.warn("dispatcher tick still running after {} s; interrupting it", timeout.toSeconds());
            t.interrupt();
        });
        dispatcher.close();
    }
}
