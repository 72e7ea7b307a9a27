package io.kanban.core.store;

import static io.kanban.core.store.TaskStore.instant;
import static io.kanban.core.store.TaskStore.nullableLong;
import static io.kanban.core.store.TaskStore.p;
import static io.kanban.core.store.jooq.Tables.TASK_EVENTS;

import io.kanban.core.model.Event;
import io.kanban.core.model.EventKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/** The append-only event log. Ids only grow, so a reader's cursor is the last id it saw. */
public final class EventStore {
    private static final DSLContext SQL = Sql.RENDER;

    private static final String APPEND = SQL.insertInto(TASK_EVENTS, TASK_EVENTS.TASK_ID, TASK_EVENTS.RUN_ID,
                    TASK_EVENTS.KIND, TASK_EVENTS.PAYLOAD, TASK_EVENTS.CREATED_AT)
            .values(p(TASK_EVENTS.TASK_ID), p(TASK_EVENTS.RUN_ID), p(TASK_EVENTS.KIND), p(TASK_EVENTS.PAYLOAD),
                    p(TASK_EVENTS.CREATED_AT))
            .getSQL();

    private static final String SINCE = SQL.select(TASK_EVENTS.ID, TASK_EVENTS.TASK_ID, TASK_EVENTS.RUN_ID,
                    TASK_EVENTS.KIND, TASK_EVENTS.PAYLOAD, TASK_EVENTS.CREATED_AT)
            .from(TASK_EVENTS)
            .where(TASK_EVENTS.ID.gt(p(TASK_EVENTS.ID)))
            .orderBy(TASK_EVENTS.ID.asc())
            .limit(p(DSL.field("lim", Integer.class)))
            .getSQL();

    private static final String FOR_TASK = SQL.select(TASK_EVENTS.ID, TASK_EVENTS.TASK_ID, TASK_EVENTS.RUN_ID,
                    TASK_EVENTS.KIND, TASK_EVENTS.PAYLOAD, TASK_EVENTS.CREATED_AT)
            .from(TASK_EVENTS)
            .where(TASK_EVENTS.TASK_ID.eq(p(TASK_EVENTS.TASK_ID)))
            .orderBy(TASK_EVENTS.ID.desc())
            .limit(p(DSL.field("lim", Integer.class)))
            .getSQL();

    private static final String LATEST_ID = SQL.select(DSL.max(TASK_EVENTS.ID)).from(TASK_EVENTS).getSQL();

    private EventStore() {
    }

    public static void append(Tx tx, String taskId, Long runId, EventKind kind, String payload, Instant now) {
        tx.update(APPEND, taskId, runId, kind.wire(), payload, now);
    }

    public static List<Event> since(Tx tx, long cursor, int limit) {
        return tx.query(SINCE, EventStore::map, cursor, limit);
    }

    /** The newest {@code limit} events of one task, oldest first. */
    public static List<Event> forTask(Tx tx, String taskId, int limit) {
        List<Event> events = new ArrayList<>(tx.query(FOR_TASK, EventStore::map, taskId, limit));
        Collections.reverse(events);
        return events;
    }

    public static long latestId(Tx tx) {
        return tx.queryLong(LATEST_ID);
    }

    static Event map(ResultSet rs) throws SQLException {
        return new Event(rs.getLong("id"), rs.getString("task_id"), nullableLong(rs, "run_id"), rs.getString("kind"),
                rs.getString("payload"), instant(rs, "created_at"));
    }
}
