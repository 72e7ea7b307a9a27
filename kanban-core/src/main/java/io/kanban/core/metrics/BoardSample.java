package io.kanban.core.metrics;

import io.kanban.core.model.Status;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** One read of the board for the gauges and counters; {@link #NONE} before any read succeeded. */
record BoardSample(Map<String, Long> cards, double oldestReadyAgeSeconds, long runningWorkers,
                   long notifyBacklog, Map<String, Long> eventCounts) {

    static final List<String> STATUSES = Arrays.stream(Status.values()).map(Status::wire).toList();
    static final BoardSample NONE = new BoardSample(Map.of(), Double.NaN, -1, -1, Map.of());

    BoardSample {
        cards = Map.copyOf(cards);
        eventCounts = Map.copyOf(eventCounts);
    }

    double cards(String status) {
        return this == NONE ? Double.NaN : cards.getOrDefault(status, 0L);
    }

    double runningWorkersValue() {
        return runningWorkers < 0 ? Double.NaN : runningWorkers;
    }

    double notifyBacklogValue() {
        return notifyBacklog < 0 ? Double.NaN : notifyBacklog;
    }

    double events(String kind) {
        return eventCounts.getOrDefault(kind, 0L);
    }
}
