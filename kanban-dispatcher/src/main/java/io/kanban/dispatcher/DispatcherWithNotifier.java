package io.kanban.dispatcher;

import io.kanban.core.Board;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.error.ValidationError;
import io.kanban.core.spi.DispatcherHandle;
import io.kanban.core.spi.NotifierHandle;
import io.kanban.dispatcher.notify.Notifier;
import io.kanban.dispatcher.notify.NotifyConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher with the notifier beside it, as one handle: every host that starts the dispatcher through the
 * provider (the dashboard, {@code kanban daemon --force}, an embedding service) gets both, and stopping the handle
 * stops both.
 */
public final class DispatcherWithNotifier implements DispatcherHandle {
    private static final Logger LOG = LoggerFactory.getLogger(DispatcherWithNotifier.class);

    private final DispatcherHandle dispatcher;
    private final NotifierHandle notifier;

    /**
     * A dispatcher and the notifier hosted beside it; stopping this stops both.
     *
     * @param dispatcher the dispatcher
     * @param notifier the notifier
     */
    public DispatcherWithNotifier(DispatcherHandle dispatcher, NotifierHandle notifier) {
        this.dispatcher = dispatcher;
        this.notifier = notifier;
    }

    /**
     * Starts a notifier beside {@code dispatcher} when {@code kanban.notify} has targets and is not disabled. A bad
     * notify configuration is logged with the key at fault and leaves the dispatcher running alone.
     *
     * @param dispatcher the running dispatcher
     * @param board the board whose events the notifier delivers
     * @param env the environment, naming {@code config.yaml}
     * @return {@code dispatcher} with a notifier beside it, or {@code dispatcher} alone
     */
    public static DispatcherHandle attach(DispatcherHandle dispatcher, Board board, Map<String, String> env) {
        NotifyConfig config;
        try {
            config = NotifyConfig.load(env);
        } catch (ValidationError e) {
            LOG.error("notifications are off: {}", e.getMessage());
            return dispatcher;
        }
        if (!config.enabled() || config.targets().isEmpty()) {
            return dispatcher;
        }
        return new DispatcherWithNotifier(dispatcher, Notifier.start(board, config));
    }

    /**
     * @return the notifier
     */
    public NotifierHandle notifier() {
        return notifier;
    }

    /**
     * @return the dispatcher
     */
    public DispatcherHandle dispatcher() {
        return dispatcher;
    }

    @Override
    public void nudge() {
        dispatcher.nudge();
        notifier.nudge();
    }

    @Override
    public Optional<TickReport> lastTick() {
        return dispatcher.lastTick();
    }

    @Override
    public boolean isRunning() {
        return dispatcher.isRunning();
    }

    /** Stops the dispatcher first (no new events from spawns), then lets the notifier finish what is in flight. */
    @Override
    public void stop(Duration timeout) {
        try {
            dispatcher.stop(timeout);
        } finally {
            notifier.stop(timeout);
        }
    }
}
