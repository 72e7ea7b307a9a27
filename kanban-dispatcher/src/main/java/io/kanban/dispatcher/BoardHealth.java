package io.kanban.dispatcher;

import io.kanban.core.Board;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.dispatch.TickReport;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stuck-queue check of every board the {@link MultiBoardDispatcher} serves, after each round, as
 * {@link DispatcherService} runs it after each tick of its one board: core records newly stuck cards as
 * {@code stuck} events and the log warns once per card per 300 s. A board that fails its check is logged and the
 * others are checked.
 */
final class BoardHealth implements MultiBoardDispatcher.Watcher {
    private static final Logger LOG = LoggerFactory.getLogger(BoardHealth.class);

    private final DispatchPolicy policy;
    private final Duration threshold;
    private final Map<String, QueueHealth> boards = new ConcurrentHashMap<>();

    BoardHealth(DispatchPolicy policy, Duration threshold) {
        this.policy = policy;
        this.threshold = threshold;
    }

    @Override
    public void served(String slug, Board board) {
        boards.computeIfAbsent(slug, s -> new QueueHealth(board, policy, threshold));
    }

    @Override
    public void released(String slug, Board board) {
        boards.remove(slug);
    }

    /** Judges each board's queue after the round {@code round}; boards the round did not report are skipped. */
    void observe(MultiBoardDispatcher.Report round) {
        round.boards().forEach((slug, tick) -> {
            QueueHealth health = boards.get(slug);
            if (health != null) {
                observe(slug, health, tick);
            }
        });
    }

    private static void observe(String slug, QueueHealth health, TickReport tick) {
        try {
            health.observe(tick);
        } catch (RuntimeException e) {
            // The tick itself succeeded; telemetry failing must not make it look failed.
            LOG.warn("stuck-queue check of board {} failed: {}", slug, e.toString());
        }
    }
}
