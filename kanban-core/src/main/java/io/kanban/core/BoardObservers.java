package io.kanban.core;

import io.kanban.core.dispatch.TickReport;
import io.kanban.core.spi.BoardObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observers of one opened board, shared by its tenant handles. Registration is rare and notification is
 * on every claim, hence a copy-on-write list. An observer's failure is logged once per call and swallowed: a
 * metrics bug must not fail a claim that already committed.
 */
final class BoardObservers {
    private static final Logger LOG = LoggerFactory.getLogger(BoardObservers.class);

    private final List<BoardObserver> observers = new CopyOnWriteArrayList<>();

    AutoCloseable add(BoardObserver observer) {
        observers.add(observer);
        return () -> observers.remove(observer);
    }

    boolean isEmpty() {
        return observers.isEmpty();
    }

    void claimed(long startedNanos, boolean won) {
        if (observers.isEmpty()) {
            return;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
        for (BoardObserver o : observers) {
            try {
                o.claimed(took, won);
            } catch (RuntimeException e) {
                LOG.warn("board observer {} failed on a claim: {}", o.getClass().getName(), e.toString());
            }
        }
    }

    void ticked(TickReport report) {
        for (BoardObserver o : observers) {
            try {
                o.ticked(report);
            } catch (RuntimeException e) {
                LOG.warn("board observer {} failed on a tick: {}", o.getClass().getName(), e.toString());
            }
        }
    }
}
