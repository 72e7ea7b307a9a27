package io.kanban.core.metrics;

import io.kanban.core.Board;
import io.kanban.core.Events;
import io.kanban.core.NotifyDelivery;
import io.kanban.core.model.BoardStats;
import io.kanban.core.model.Event;
import io.kanban.core.model.NotifySubscription;
import io.kanban.core.model.Status;
import io.kanban.core.model.TaskFilter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the board for {@link KanbanMetrics}, through the public API only. Event counts are kept here and moved
 * forward from a cursor, so each refresh reads only the events appended since the last one.
 */
final class BoardSampler {
    private static final Logger LOG = LoggerFactory.getLogger(BoardSampler.class);

    private final Board board;
    private final int maxEventPages;
    private final Map<String, Long> eventCounts = new HashMap<>();
    private long eventCursor;
    private boolean failing;

    BoardSampler(Board board, int maxEventPages) {
        this.board = board;
        this.maxEventPages = maxEventPages;
    }

    /** A fresh sample, or {@code previous} (or {@link BoardSample#NONE}) when the board cannot be read. */
    BoardSample sample(BoardSample previous) {
        try {
            BoardStats stats = board.tasks().stats();
            long running = board.tasks().list(TaskFilter.all().withStatus(Status.RUNNING)).stream()
                    .filter(t -> t.workerPid() != null).count();
            tallyEvents();
            BoardSample fresh = new BoardSample(stats.byStatus(),
                    stats.oldestReadyAgeSeconds() == null ? 0 : stats.oldestReadyAgeSeconds(), running,
                    notifyBacklog(), eventCounts);
            if (failing) {
                LOG.info("board metrics read again from {}", board.location());
                failing = false;
            }
            return fresh;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("cannot read board metrics; the previous values stay: {}", e.toString());
                failing = true;
            }
            return previous != null ? previous : BoardSample.NONE;
        }
    }

    private void tallyEvents() {
        for (int page = 0; page < maxEventPages; page++) {
            List<Event> events = board.events().since(eventCursor, Events.MAX_PAGE);
            for (Event e : events) {
                eventCounts.merge(e.kind(), 1L, Long::sum);
                eventCursor = e.id();
            }
            if (events.size() < Events.MAX_PAGE) {
                return;
            }
        }
    }

    /** Messages waiting for configured targets, counting at most one page of events per subscription. */
    private long notifyBacklog() {
        NotifyDelivery delivery = board.notifySubscriptions().delivery();
        long waiting = 0;
        for (NotifySubscription sub : delivery.targetSubscriptions()) {
            waiting += delivery.pending(sub, Events.MAX_PAGE).messages().size();
        }
        return waiting;
    }
}
