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
 * boards (and, before each board's handle closes, the notifier beside it). {@link #lastTick()} is empty: a tick
 * here is one report per board ({@link #lastTickByBoard()}).
 */
public final class MultiBoardService implements DispatcherHandle {
    private static final Logger LOG = LoggerFactory.getLogger(MultiBoardService.class);

    private final MultiBoardDispatcher dispatcher;
    private final BoardNotifiers notifiers;
    private final BoardHealth health;
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
        this(dispatcher, interval, null, null);
    }

    /**
     * With {@code notifiers} (may be null) watching the dispatcher, a notifier beside each board it serves, and
     * {@code health} (may be null) judging each board's queue after every round.
     */
    MultiBoardService(MultiBoardDispatcher dispatcher, Duration interval, BoardNotifiers notifiers,
                      BoardHealth health) {
        this.dispatcher = dispatcher;
        this.interval = interval;
        this.notifiers = notifiers;
        this.health = health;
        if (notifiers != null) {
            dispatcher.watch(notifiers);
        }
        if (health != null) {
            dispatcher.watch(health);
        }
    }

    /** One round and, when configured, each board's stuck-queue check after it. */
    private void round() {
        MultiBoardDispatcher.Report report = dispatcher.tickOnce();
        if (health != null) {
            health.observe(report);
        }
        lastRound = report;
    }

    /**
     * The boards with a notifier beside them now (none when {@code kanban.notify} has no targets).
     *
     * @return the slugs of the boards with a notifier
     */
    public java.util.List<String> notifiedBoards() {
        return notifiers == null ? java.util.List.of() : notifiers.boards();
    }

    /**
     * Starts the loop; the first tick runs at once.
     *
     * @return this service
     */
    public MultiBoardService start() {
        pacer.start("kanban-dispatcher-all-boards", interval, this::round, e -> {
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
        if (notifiers != null) {
            notifiers.nudge();
        }
    }

    @Override
    public Optional<TickReport> lastTick() {
        return Optional.empty();
    }

    @Override
    public java.util.Map<String, TickReport> lastTickByBoard() {
        MultiBoardDispatcher.Report last = lastRound;
        return last == null ? java.util.Map.of() : last.boards();
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
