package io.kanban.dispatcher;

import io.kanban.core.Board;
import io.kanban.core.error.ValidationError;
import io.kanban.dispatcher.notify.Notifier;
import io.kanban.dispatcher.notify.NotifyConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A notifier beside each board the {@link MultiBoardDispatcher} serves: one starts when a board is first served
 * (a board made while the host runs included) and stops before its board is let go. Subscriptions live in each
 * board, so each board needs its own delivery loop; the targets ({@code kanban.notify}) are the host's.
 */
final class BoardNotifiers implements MultiBoardDispatcher.Watcher {
    private static final Logger LOG = LoggerFactory.getLogger(BoardNotifiers.class);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final NotifyConfig config;
    private final Map<String, Notifier> running = new ConcurrentHashMap<>();

    private BoardNotifiers(NotifyConfig config) {
        this.config = config;
    }

    /**
     * Notifiers for {@code env}'s {@code kanban.notify}; empty when it has no targets or is disabled. A bad notify
     * configuration is logged with the key at fault and the boards are dispatched without notifiers, as
     * {@link DispatcherWithNotifier#attach} does for one board.
     */
    static Optional<BoardNotifiers> configured(Map<String, String> env) {
        NotifyConfig config;
        try {
            config = NotifyConfig.load(env);
        } catch (ValidationError e) {
            LOG.error("notifications are off: {}", e.getMessage());
            return Optional.empty();
        }
        if (!config.enabled() || config.targets().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new BoardNotifiers(config));
    }

    @Override
    public void served(String slug, Board board) {
        running.computeIfAbsent(slug, s -> Notifier.start(board, config));
    }

    @Override
    public void released(String slug, Board board) {
        Notifier notifier = running.remove(slug);
        if (notifier != null) {
            notifier.stop(STOP_TIMEOUT);
        }
    }

    /** The boards with a notifier running now. */
    List<String> boards() {
        return List.copyOf(running.keySet());
    }

    void nudge() {
        running.values().forEach(Notifier::nudge);
    }
}
