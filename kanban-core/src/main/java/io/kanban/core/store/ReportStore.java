package io.kanban.core.store;

import static io.kanban.core.store.jooq.Tables.KANBAN_NOTIFY_SUBS;
import static io.kanban.core.store.jooq.Tables.TASKS;
import static io.kanban.core.store.jooq.Tables.TASK_COMMENTS;
import static io.kanban.core.store.jooq.Tables.TASK_EVENTS;
import static io.kanban.core.store.jooq.Tables.TASK_LINKS;
import static io.kanban.core.store.jooq.Tables.TASK_RUNS;

import io.kanban.core.model.Status;
import java.time.Instant;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/** Aggregate reads (stats, roster) and the garbage collector's deletes. */
public final class ReportStore {

    /** One (assignee, status) cell of the board with its count and latest activity. */
    public record Cell(String assignee, String status, long count, Instant lastActivity) {
    }

    private ReportStore() {
    }

    private static final Sql CELLS = Sql.of(ReportStore.class, "CELLS");
    private static final Sql STATUS_COUNTS = Sql.of(ReportStore.class, "STATUS_COUNTS");

    /**
     * Tasks per status; {@code tenant} null means every tenant.
     *
     * @param tx the open transaction
     * @param tenant the tenant, or null for every tenant
     * @return task count by status name, statuses without tasks left out
     */
    public static java.util.Map<String, Long> statusCounts(Tx tx, String tenant) {
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        tx.query(STATUS_COUNTS, rs -> java.util.Map.entry(rs.getString(1), rs.getLong(2)), tenant)
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /**
     * @param tx the open transaction
     * @param tenant the tenant, or null
     * @return the cells
     */
    public static List<Cell> cells(Tx tx, String tenant) {
        return tx.query(CELLS, rs -> new Cell(rs.getString(1), rs.getString(2), rs.getLong(3),
                TaskStore.instant(rs, 4)), tenant);
    }

    /**
     * Archived tasks whose last event (or creation) is older than {@code cutoff}.
     *
     * @param tx the open transaction
     * @param cutoff the age limit
     * @param tenant the tenant, or null
     * @return their ids
     */
    public static List<String> archivedBefore(Tx tx, Instant cutoff, String tenant) {
        var lastEvent = DSL.select(DSL.max(TASK_EVENTS.CREATED_AT)).from(TASK_EVENTS)
                .where(TASK_EVENTS.TASK_ID.eq(TASKS.ID)).asField();
        Condition where = TASKS.STATUS.eq(Status.ARCHIVED.wire())
                .and(DSL.coalesce(lastEvent, TASKS.CREATED_AT).lt(DSL.val(cutoff.getEpochSecond())));
        if (tenant != null) {
            where = where.and(TASKS.TENANT.eq(tenant));
        }
        return tx.fetch(tx.dsl().select(TASKS.ID).from(TASKS).where(where), rs -> rs.getString(1));
    }

    /**
     * Deletes the tasks and every row that belongs to them.
     *
     * @param tx the open transaction
     * @param ids the tasks
     */
    public static void deleteTasks(Tx tx, List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        DSLContext sql = tx.dsl();
        tx.execute(sql.deleteFrom(TASK_LINKS).where(TASK_LINKS.PARENT_ID.in(ids).or(TASK_LINKS.CHILD_ID.in(ids))));
        tx.execute(sql.deleteFrom(TASK_RUNS).where(TASK_RUNS.TASK_ID.in(ids)));
        tx.execute(sql.deleteFrom(TASK_COMMENTS).where(TASK_COMMENTS.TASK_ID.in(ids)));
        tx.execute(sql.deleteFrom(TASK_EVENTS).where(TASK_EVENTS.TASK_ID.in(ids)));
        tx.execute(sql.deleteFrom(KANBAN_NOTIFY_SUBS).where(KANBAN_NOTIFY_SUBS.TASK_ID.in(ids)));
        tx.execute(sql.deleteFrom(TASKS).where(TASKS.ID.in(ids)));
    }

    /**
     * Deletes events older than {@code cutoff} of finished (done or archived) tasks only: a live task's history is
     * what an operator and the failure rules read, so it is never trimmed.
     *
     * @param tx the open transaction
     * @param cutoff the age limit
     * @param tenant the tenant, or null
     * @return how many events were deleted
     */
    public static int deleteFinishedEventsBefore(Tx tx, Instant cutoff, String tenant) {
        Condition finished = TASKS.STATUS.in(Status.DONE.wire(), Status.ARCHIVED.wire());
        if (tenant != null) {
            finished = finished.and(TASKS.TENANT.eq(tenant));
        }
        return tx.execute(tx.dsl().deleteFrom(TASK_EVENTS).where(TASK_EVENTS.CREATED_AT.lt(cutoff)
                .and(TASK_EVENTS.TASK_ID.in(DSL.select(TASKS.ID).from(TASKS).where(finished)))));
    }

    /**
     * Archived tasks whose workspace is a managed scratch directory (never a {@code dir:} or worktree one).
     *
     * @param tx the open transaction
     * @param tenant the tenant, or null
     * @return their ids
     */
    public static List<String> archivedScratch(Tx tx, String tenant) {
        Condition where = TASKS.STATUS.eq(Status.ARCHIVED.wire())
                .and(DSL.coalesce(TASKS.WORKSPACE_KIND, DSL.val("scratch")).eq("scratch"));
        if (tenant != null) {
            where = where.and(TASKS.TENANT.eq(tenant));
        }
        return tx.fetch(tx.dsl().select(TASKS.ID).from(TASKS).where(where), rs -> rs.getString(1));
    }

    /** The statements above, written with jOOQ from the generated tables (see {@link StatementSource}). */
    static final class Definitions implements StatementSource {
        @Override
        public Class<?> store() {
            return ReportStore.class;
        }

        @Override
        public void define(StatementSet s) {
            Field<String> tenant = StatementSet.param("tenant", String.class);
            var activity = DSL.max(DSL.coalesce(TASKS.LAST_HEARTBEAT_AT, TASKS.COMPLETED_AT, TASKS.STARTED_AT,
                    TASKS.CREATED_AT));
            s.put("CELLS", s.dsl().select(TASKS.ASSIGNEE, TASKS.STATUS, DSL.count(), activity).from(TASKS)
                    .where(tenant.isNull().or(TASKS.TENANT.eq(tenant)))
                    .groupBy(TASKS.ASSIGNEE, TASKS.STATUS));
            s.put("STATUS_COUNTS", s.dsl().select(TASKS.STATUS, DSL.count()).from(TASKS)
                    .where(tenant.isNull().or(TASKS.TENANT.eq(tenant)))
                    .groupBy(TASKS.STATUS));
        }
    }
}
