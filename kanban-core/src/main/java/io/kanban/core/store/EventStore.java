package io.kanban.core.store;

import static io.kanban.core.store.StatementSet.param;
import static io.kanban.core.store.TaskStore.instant;
import static io.kanban.core.store.TaskStore.nullableLong;
import static io.kanban.core.store.jooq.Tables.TASK_EVENTS;

import io.kanban.core.model.Event;
import io.kanban.core.model.EventKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * The append-only event log. Ids only grow, so a reader's cursor is the last id it saw: {@link #since} and
 * {@link #latestId} return only events below the event horizon, under which no event can still commit (see
 * {@link StatementSet#belowEventHorizon} and docs/design/event-log.md), so a cursor never passes an event that
 * turns up later.
 */
public final class EventStore {

    private static final Sql APPEND = Sql.of(EventStore.class, "APPEND");

    private static final Sql SINCE = Sql.of(EventStore.class, "SINCE");

    private static final Sql FOR_TASK = Sql.of(EventStore.class, "FOR_TASK");

    private static final Sql LATEST_ID = Sql.of(EventStore.class, "LATEST_ID");

    private static final Sql LATEST_OF_KIND = Sql.of(EventStore.class, "LATEST_OF_KIND");

    private static final Sql LATEST_OF_RUN = Sql.of(EventStore.class, "LATEST_OF_RUN");

    private static final Sql NEWEST_ID = Sql.of(EventStore.class, "NEWEST_ID");

    private static final Sql CURSOR_BEFORE = Sql.of(EventStore.class, "CURSOR_BEFORE");

    private EventStore() {
    }

    /**
     * Appends one event to the log.
     *
     * @param tx the open transaction
     * @param taskId the task's id
     * @param runId the run it concerns, or null
     * @param kind the event's kind
     * @param payload JSON object text, or null
     * @param now when
     */
    public static void append(Tx tx, String taskId, Long runId, EventKind kind, String payload, Instant now) {
        // No lock: on PostgreSQL the id comes from this transaction's id (the column's default), and readers wait
        // for the transactions below the horizon to finish instead of appenders waiting for each other. Nothing
        // reads the row count, so on PostgreSQL the insert travels with the COMMIT.
        tx.updateAtCommit(APPEND, taskId, runId, kind.wire(), payload, now);
        tx.noteEventAppended();
    }

    /**
     * Events after {@code cursor} and below the horizon, oldest first.
     *
     * @param tx the open transaction
     * @param cursor 0, or an event id read before
     * @param limit the most rows returned
     * @return the events
     */
    public static List<Event> since(Tx tx, long cursor, int limit) {
        return tx.query(SINCE, EventStore::map, cursor, limit);
    }

    /**
     * The newest {@code limit} events of one task, oldest first.
     *
     * @param tx the open transaction
     * @param taskId the task's id
     * @param limit the most rows returned
     * @return the events
     */
    public static List<Event> forTask(Tx tx, String taskId, int limit) {
        List<Event> events = new ArrayList<>(tx.query(FOR_TASK, EventStore::map, taskId, limit));
        Collections.reverse(events);
        return events;
    }

    /**
     * The newest event of {@code kind} on a task.
     *
     * @param tx the open transaction
     * @param taskId the task's id
     * @param kind the kind
     * @return the event, or empty
     */
    public static Optional<Event> latest(Tx tx, String taskId, EventKind kind) {
        return tx.queryOne(LATEST_OF_KIND, EventStore::map, taskId, kind.wire());
    }

    /**
     * The newest event of {@code kind} on a run (another kernel's events included).
     *
     * @param tx the open transaction
     * @param runId the run's id
     * @param kind the kind
     * @return the event, or empty
     */
    public static Optional<Event> latestOfRun(Tx tx, long runId, EventKind kind) {
        return tx.queryOne(LATEST_OF_RUN, EventStore::map, runId, kind.wire());
    }

    /**
     * The newest event id below the horizon: a cursor that skips history and misses nothing after it.
     *
     * @param tx the open transaction
     * @return the id
     */
    public static long latestId(Tx tx) {
        return tx.queryLong(LATEST_ID);
    }

    /**
     * A cursor from which {@link #since} returns the newest {@code events} events below the horizon (0 when the log
     * holds fewer). Ids are not consecutive on PostgreSQL, so "latest id minus n" would not do.
     *
     * @param tx the open transaction
     * @param events how many of the newest events {@code since} should return
     * @return the cursor
     */
    public static long cursorBefore(Tx tx, int events) {
        return tx.queryLong(CURSOR_BEFORE, events);
    }

    /**
     * The newest event id committed, horizon or not. Above {@link #latestId} while a transaction that began before
     * it is still running; that transaction may append nothing and so send no NOTIFY when it ends.
     *
     * @param tx the open transaction
     * @return the id
     */
    public static long newestCommittedId(Tx tx) {
        return tx.queryLong(NEWEST_ID);
    }

    static Event map(ResultSet rs) throws SQLException {
        return new Event(rs.getLong("id"), rs.getString("task_id"), nullableLong(rs, "run_id"), rs.getString("kind"),
                rs.getString("payload"), instant(rs, "created_at"));
    }

    /** The statements above, written with jOOQ from the generated tables (see {@link StatementSource}). */
    static final class Definitions implements StatementSource {
        @Override
        public Class<?> store() {
            return EventStore.class;
        }

        /** The columns every event read selects; {@link #map} reads them by name. */
        static List<Field<?>> eventColumns() {
            var e = TASK_EVENTS;
            return List.of(e.ID, e.TASK_ID, e.RUN_ID, e.KIND, e.PAYLOAD, e.CREATED_AT);
        }

        @Override
        public void define(StatementSet s) {
            DSLContext sql = s.dsl();
            Field<Integer> limit = StatementSet.param("lim", Integer.class);
            s.put("APPEND", sql.insertInto(TASK_EVENTS, TASK_EVENTS.TASK_ID, TASK_EVENTS.RUN_ID,
                            TASK_EVENTS.KIND, TASK_EVENTS.PAYLOAD, TASK_EVENTS.CREATED_AT)
                    .values(param(TASK_EVENTS.TASK_ID), param(TASK_EVENTS.RUN_ID), param(TASK_EVENTS.KIND),
                            param(TASK_EVENTS.PAYLOAD), param(TASK_EVENTS.CREATED_AT)));
            s.put("SINCE", sql.select(eventColumns()).from(TASK_EVENTS)
                    .where(TASK_EVENTS.ID.gt(param(TASK_EVENTS.ID)))
                    .and(s.belowEventHorizon(TASK_EVENTS.ID))
                    .orderBy(TASK_EVENTS.ID.asc())
                    .limit(limit));
            s.put("FOR_TASK", sql.select(eventColumns()).from(TASK_EVENTS)
                    .where(TASK_EVENTS.TASK_ID.eq(param(TASK_EVENTS.TASK_ID)))
                    .orderBy(TASK_EVENTS.ID.desc())
                    .limit(limit));
            s.put("LATEST_ID", sql.select(DSL.max(TASK_EVENTS.ID)).from(TASK_EVENTS)
                    .where(s.belowEventHorizon(TASK_EVENTS.ID)));
            s.put("NEWEST_ID", sql.select(DSL.max(TASK_EVENTS.ID)).from(TASK_EVENTS));
            var newest = sql.select(TASK_EVENTS.ID).from(TASK_EVENTS)
                    .where(s.belowEventHorizon(TASK_EVENTS.ID))
                    .orderBy(TASK_EVENTS.ID.desc())
                    .limit(limit).asTable("newest");
            Field<Long> newestId = newest.field(TASK_EVENTS.ID);
            s.put("CURSOR_BEFORE", sql.select(DSL.coalesce(DSL.min(newestId).minus(1), DSL.inline(0L))).from(newest));
            s.put("LATEST_OF_KIND", sql.select(eventColumns()).from(TASK_EVENTS)
                    .where(TASK_EVENTS.TASK_ID.eq(param(TASK_EVENTS.TASK_ID)))
                    .and(TASK_EVENTS.KIND.eq(param(TASK_EVENTS.KIND)))
                    .orderBy(TASK_EVENTS.ID.desc())
                    .limit(1));
            s.put("LATEST_OF_RUN", sql.select(eventColumns()).from(TASK_EVENTS)
                    .where(TASK_EVENTS.RUN_ID.eq(param(TASK_EVENTS.RUN_ID)))
                    .and(TASK_EVENTS.KIND.eq(param(TASK_EVENTS.KIND)))
                    .orderBy(TASK_EVENTS.ID.desc())
                    .limit(1));
        }
    }
}
