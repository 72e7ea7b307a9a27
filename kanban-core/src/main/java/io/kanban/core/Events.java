package io.kanban.core;

import io.kanban.core.error.ValidationError;
import io.kanban.core.model.Event;
import io.kanban.core.store.EventStore;
import io.kanban.core.store.TaskStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The event log, read by cursor: pass the last id you saw and get what came after, from any process.
 * A tenant-scoped handle sees only its tenant's events.
 */
public final class Events {
    /** The most events one read returns. */
    public static final int MAX_PAGE = 1_000;

    private final BoardContext ctx;

    Events(BoardContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Events after {@code cursor}, oldest first.
     *
     * @param cursor 0, or an event id read before
     * @param limit the most events returned (at most {@link #MAX_PAGE})
     * @return the events
     * @throws ValidationError naming {@code cursor} if it is negative
     */
    public List<Event> since(long cursor, int limit) {
        if (cursor < 0) {
            throw new ValidationError("cursor", "must be zero or a previous event id");
        }
        int page = Math.max(1, Math.min(limit, MAX_PAGE));
        return ctx.db.read(tx -> {
            List<Event> events = EventStore.since(tx, cursor, page);
            if (ctx.tenant == null) {
                return events;
            }
            List<Event> mine = new ArrayList<>();
            for (Event e : events) {
                TaskStore.find(tx, e.taskId())
                        .filter(t -> Objects.equals(ctx.tenant, t.tenant()))
                        .ifPresent(t -> mine.add(e));
            }
            return mine;
        });
    }

    /**
     * A task's events.
     *
     * @param taskId the task's id
     * @param limit the most events returned (at most {@link #MAX_PAGE})
     * @return the events
     */
    public List<Event> forTask(String taskId, int limit) {
        return ctx.db.read(tx -> {
            ctx.require(tx, taskId);
            return EventStore.forTask(tx, taskId, Math.max(1, Math.min(limit, MAX_PAGE)));
        });
    }

    /**
     * Waits until the log holds an event after {@code cursor}, or {@code timeout} passes; returns whether it does.
     * Then read it with {@link #since}. On PostgreSQL a commit anywhere wakes the wait at once (LISTEN/NOTIFY);
     * on SQLite the log is looked at every 100 ms. A tenant-scoped handle also wakes for other tenants' events,
     * which its {@link #since} then leaves out.
     *
     * @param cursor the last event id seen
     * @param timeout how long to wait at most
     * @return whether an event after {@code cursor} exists
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public boolean awaitAfter(long cursor, Duration timeout) throws InterruptedException {
        if (cursor < 0) {
            throw new ValidationError("cursor", "must be zero or a previous event id");
        }
        if (timeout == null || timeout.isNegative()) {
            throw new ValidationError("timeout", "must be zero or positive");
        }
        return ctx.db.awaitEventAfter(cursor, timeout);
    }

    /**
     * A cursor from which {@link #since} returns the newest {@code events} events (all, when there are fewer).
     *
     * @param events how many of the newest events to return
     * @return the cursor
     */
    public long cursorBefore(int events) {
        if (events < 1) {
            throw new ValidationError("events", "must be at least 1");
        }
        return ctx.db.read(tx -> EventStore.cursorBefore(tx, events));
    }

    /**
     * The newest event id, a cursor that skips history.
     *
     * @return the id
     */
    public long latestId() {
        return ctx.db.read(EventStore::latestId);
    }
}
