package io.kanban.core.store;

import static io.kanban.core.store.jooq.Tables.TASKS;
import static io.kanban.core.store.jooq.Tables.TASK_LINKS;

import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskFilter;
import io.kanban.core.model.Workspace;
import io.kanban.core.model.WorkspaceKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.SelectConditionStep;
import org.jooq.impl.DSL;

/** Every statement on {@code tasks}. Reads named columns only, so columns added by other kernels are ignored. */
public final class TaskStore {
    private static final DSLContext SQL = Sql.RENDER;

    static final List<Field<?>> COLUMNS = List.of(TASKS.ID, TASKS.TITLE, TASKS.BODY, TASKS.ASSIGNEE, TASKS.STATUS,
            TASKS.PRIORITY, TASKS.TENANT, TASKS.CREATED_BY, TASKS.CREATED_AT, TASKS.STARTED_AT, TASKS.COMPLETED_AT,
            TASKS.WORKSPACE_KIND, TASKS.WORKSPACE_PATH, TASKS.CLAIM_LOCK, TASKS.CLAIM_EXPIRES, TASKS.RESULT,
            TASKS.IDEMPOTENCY_KEY, TASKS.CONSECUTIVE_FAILURES, TASKS.LAST_FAILURE_ERROR, TASKS.WORKER_PID,
            TASKS.MAX_RUNTIME_SECONDS, TASKS.LAST_HEARTBEAT_AT, TASKS.CURRENT_RUN_ID, TASKS.SKILLS);

    private static final String BY_ID = SQL.select(COLUMNS).from(TASKS).where(TASKS.ID.eq(p(TASKS.ID))).getSQL();

    private static final String EXISTS = SQL.selectOne().from(TASKS).where(TASKS.ID.eq(p(TASKS.ID))).getSQL();

    private static final String INSERT = SQL.insertInto(TASKS, TASKS.ID, TASKS.TITLE, TASKS.BODY, TASKS.ASSIGNEE,
                    TASKS.STATUS, TASKS.PRIORITY, TASKS.TENANT, TASKS.CREATED_BY, TASKS.CREATED_AT,
                    TASKS.WORKSPACE_KIND, TASKS.WORKSPACE_PATH, TASKS.IDEMPOTENCY_KEY, TASKS.MAX_RUNTIME_SECONDS,
                    TASKS.SKILLS)
            .values(p(TASKS.ID), p(TASKS.TITLE), p(TASKS.BODY), p(TASKS.ASSIGNEE), p(TASKS.STATUS),
                    p(TASKS.PRIORITY), p(TASKS.TENANT), p(TASKS.CREATED_BY), p(TASKS.CREATED_AT),
                    p(TASKS.WORKSPACE_KIND), p(TASKS.WORKSPACE_PATH), p(TASKS.IDEMPOTENCY_KEY),
                    p(TASKS.MAX_RUNTIME_SECONDS), p(TASKS.SKILLS))
            .getSQL();

    /** The claim guard: only a ready, unlocked task can be taken; the row count says who won. */
    private static final String CLAIM = SQL.update(TASKS)
            .set(TASKS.STATUS, Status.RUNNING.wire())
            .set(TASKS.CLAIM_LOCK, p(TASKS.CLAIM_LOCK))
            .set(TASKS.CLAIM_EXPIRES, p(TASKS.CLAIM_EXPIRES))
            .set(TASKS.STARTED_AT, DSL.coalesce(TASKS.STARTED_AT, p(TASKS.STARTED_AT)))
            .set(TASKS.WORKER_PID, p(TASKS.WORKER_PID))
            .set(TASKS.CURRENT_RUN_ID, p(TASKS.CURRENT_RUN_ID))
            .set(TASKS.LAST_HEARTBEAT_AT, (Instant) null)
            .where(TASKS.ID.eq(p(TASKS.ID)))
            .and(TASKS.STATUS.eq(Status.READY.wire()))
            .and(TASKS.CLAIM_LOCK.isNull())
            .getSQL();

    /** Leaves the running state: clears the claim columns and sets the new status. */
    private static final String RELEASE = SQL.update(TASKS)
            .set(TASKS.STATUS, p(TASKS.STATUS))
            .set(TASKS.CLAIM_LOCK, (String) null)
            .set(TASKS.CLAIM_EXPIRES, (Instant) null)
            .set(TASKS.WORKER_PID, (Long) null)
            .set(TASKS.CURRENT_RUN_ID, (Long) null)
            .set(TASKS.CONSECUTIVE_FAILURES, p(TASKS.CONSECUTIVE_FAILURES))
            .set(TASKS.LAST_FAILURE_ERROR, p(TASKS.LAST_FAILURE_ERROR))
            .set(TASKS.SPAWN_FAILURES, p(TASKS.SPAWN_FAILURES))
            .where(TASKS.ID.eq(p(TASKS.ID)))
            .getSQL();

    private static final String COMPLETE = SQL.update(TASKS)
            .set(TASKS.STATUS, Status.DONE.wire())
            .set(TASKS.RESULT, p(TASKS.RESULT))
            .set(TASKS.COMPLETED_AT, p(TASKS.COMPLETED_AT))
            .set(TASKS.CLAIM_LOCK, (String) null)
            .set(TASKS.CLAIM_EXPIRES, (Instant) null)
            .set(TASKS.WORKER_PID, (Long) null)
            .set(TASKS.CURRENT_RUN_ID, (Long) null)
            .set(TASKS.CONSECUTIVE_FAILURES, 0)
            .set(TASKS.LAST_FAILURE_ERROR, (String) null)
            .where(TASKS.ID.eq(p(TASKS.ID)))
            .getSQL();

    private static final String SET_STATUS = SQL.update(TASKS)
            .set(TASKS.STATUS, p(TASKS.STATUS))
            .where(TASKS.ID.eq(p(TASKS.ID)))
            .getSQL();

    private static final String HEARTBEAT = SQL.update(TASKS)
            .set(TASKS.LAST_HEARTBEAT_AT, p(TASKS.LAST_HEARTBEAT_AT))
            .set(TASKS.CLAIM_EXPIRES, p(TASKS.CLAIM_EXPIRES))
            .where(TASKS.ID.eq(p(TASKS.ID)))
            .getSQL();

    private static final String SET_WORKER = SQL.update(TASKS)
            .set(TASKS.WORKER_PID, p(TASKS.WORKER_PID))
            .set(TASKS.SPAWN_FAILURES, 0)
            .where(TASKS.ID.eq(p(TASKS.ID)))
            .getSQL();

    private static final String BY_IDEMPOTENCY_KEY = SQL.select(COLUMNS).from(TASKS)
            .where(TASKS.IDEMPOTENCY_KEY.eq(p(TASKS.IDEMPOTENCY_KEY)))
            .and(TASKS.STATUS.ne(Status.ARCHIVED.wire()))
            .and(TASKS.TENANT.isNotDistinctFrom(p(TASKS.TENANT)))
            .orderBy(TASKS.CREATED_AT.desc())
            .limit(1)
            .getSQL();

    /** The claim queue: ready, unlocked, no unfinished parent; highest priority, then oldest. */
    private static final String NEXT_READY_FOR = SQL.select(COLUMNS).from(TASKS)
            .where(TASKS.STATUS.eq(Status.READY.wire()))
            .and(TASKS.CLAIM_LOCK.isNull())
            .and(TASKS.ASSIGNEE.eq(p(TASKS.ASSIGNEE)))
            .and(noUnfinishedParent(TASKS.ID))
            .orderBy(TASKS.PRIORITY.desc(), TASKS.CREATED_AT.asc(), TASKS.rowid().asc())
            .limit(1)
            .getSQL();

    private static final String NEXT_READY = SQL.select(COLUMNS).from(TASKS)
            .where(TASKS.STATUS.eq(Status.READY.wire()))
            .and(TASKS.CLAIM_LOCK.isNull())
            .and(noUnfinishedParent(TASKS.ID))
            .orderBy(TASKS.PRIORITY.desc(), TASKS.CREATED_AT.asc(), TASKS.rowid().asc())
            .limit(1)
            .getSQL();

    private static final String PROMOTABLE_CHILDREN = SQL.select(TASKS.ID).from(TASK_LINKS)
            .join(TASKS).on(TASKS.ID.eq(TASK_LINKS.CHILD_ID))
            .where(TASK_LINKS.PARENT_ID.eq(p(TASK_LINKS.PARENT_ID)))
            .and(TASKS.STATUS.eq(Status.TODO.wire()))
            .and(noUnfinishedParent(TASKS.ID))
            .getSQL();

    private static final String PROMOTABLE_ALL = SQL.select(TASKS.ID).from(TASKS)
            .where(TASKS.STATUS.eq(Status.TODO.wire()))
            .and(noUnfinishedParent(TASKS.ID))
            .orderBy(TASKS.CREATED_AT.asc())
            .getSQL();

    private static final String UNFINISHED_PARENTS = SQL.select(TASK_LINKS.PARENT_ID).from(TASK_LINKS)
            .join(TASKS).on(TASKS.ID.eq(TASK_LINKS.PARENT_ID))
            .where(TASK_LINKS.CHILD_ID.eq(p(TASK_LINKS.CHILD_ID)))
            .and(TASKS.STATUS.notIn(Status.DONE.wire(), Status.ARCHIVED.wire()))
            .orderBy(TASK_LINKS.PARENT_ID)
            .getSQL();

    private static final String READY_CHILDREN = SQL.select(TASKS.ID).from(TASK_LINKS)
            .join(TASKS).on(TASKS.ID.eq(TASK_LINKS.CHILD_ID))
            .where(TASK_LINKS.PARENT_ID.eq(p(TASK_LINKS.PARENT_ID)))
            .and(TASKS.STATUS.eq(Status.READY.wire()))
            .getSQL();

    private TaskStore() {
    }

    static <T> Field<T> p(Field<T> field) {
        return DSL.param(field.getName(), field.getDataType());
    }

    private static Condition noUnfinishedParent(Field<String> taskId) {
        var link = TASK_LINKS.as("l2");
        var parent = TASKS.as("p");
        return DSL.notExists(DSL.selectOne().from(link)
                .join(parent).on(parent.ID.eq(link.PARENT_ID))
                .where(link.CHILD_ID.eq(taskId))
                .and(parent.STATUS.notIn(Status.DONE.wire(), Status.ARCHIVED.wire())));
    }

    public static Optional<Task> find(Tx tx, String id) {
        return tx.queryOne(BY_ID, TaskStore::map, id);
    }

    public static boolean exists(Tx tx, String id) {
        return tx.queryOne(EXISTS, rs -> Boolean.TRUE, id).isPresent();
    }

    public static Optional<Task> findByIdempotencyKey(Tx tx, String key, String tenant) {
        return tx.queryOne(BY_IDEMPOTENCY_KEY, TaskStore::map, key, tenant);
    }

    public static void insert(Tx tx, Task t) {
        tx.update(INSERT, t.id(), t.title(), t.body(), t.assignee(), t.status().wire(), t.priority(), t.tenant(),
                t.createdBy(), t.createdAt(), t.workspace().kind().wire(), t.workspace().path(),
                t.idempotencyKey(), t.maxRuntime(), t.skills().isEmpty() ? null : Json.write(t.skills()));
    }

    /** @return true when this caller won the task */
    public static boolean claim(Tx tx, String id, String lock, Instant expires, Instant now, Long workerPid,
                                long runId) {
        return tx.update(CLAIM, lock, expires, now, workerPid, runId, id) == 1;
    }

    public static void release(Tx tx, String id, Status to, int failures, String failureError) {
        tx.update(RELEASE, to.wire(), failures, failureError, failures, id);
    }

    public static void complete(Tx tx, String id, String result, Instant now) {
        tx.update(COMPLETE, result, now, id);
    }

    public static void setStatus(Tx tx, String id, Status status) {
        tx.update(SET_STATUS, status.wire(), id);
    }

    public static void heartbeat(Tx tx, String id, Instant now, Instant expires) {
        tx.update(HEARTBEAT, now, expires, id);
    }

    public static void setWorker(Tx tx, String id, long pid) {
        tx.update(SET_WORKER, pid, id);
    }

    public static Optional<Task> nextReady(Tx tx, String assignee) {
        return assignee == null
                ? tx.queryOne(NEXT_READY, TaskStore::map)
                : tx.queryOne(NEXT_READY_FOR, TaskStore::map, assignee);
    }


    /** Todo children of {@code parentId} whose parents are now all done or archived. */
    public static List<String> promotableChildren(Tx tx, String parentId) {
        return tx.query(PROMOTABLE_CHILDREN, rs -> rs.getString(1), parentId);
    }

    public static List<String> promotableAll(Tx tx) {
        return tx.query(PROMOTABLE_ALL, rs -> rs.getString(1));
    }

    public static List<String> unfinishedParents(Tx tx, String childId) {
        return tx.query(UNFINISHED_PARENTS, rs -> rs.getString(1), childId);
    }

    public static List<String> readyChildren(Tx tx, String parentId) {
        return tx.query(READY_CHILDREN, rs -> rs.getString(1), parentId);
    }

    public static List<Task> list(Tx tx, TaskFilter filter) {
        List<Condition> where = new ArrayList<>();
        if (!filter.statuses().isEmpty()) {
            where.add(TASKS.STATUS.in(filter.statuses().stream().map(Status::wire).toList()));
        } else if (!filter.includeArchived()) {
            where.add(TASKS.STATUS.ne(Status.ARCHIVED.wire()));
        }
        if (filter.assignee() != null) {
            where.add(TASKS.ASSIGNEE.eq(filter.assignee()));
        }
        if (filter.tenant() != null) {
            where.add(TASKS.TENANT.eq(filter.tenant()));
        }
        SelectConditionStep<?> query = SQL.select(COLUMNS).from(TASKS).where(where);
        var ordered = query.orderBy(DSL.coalesce(TASKS.PRIORITY, 0).desc(), TASKS.CREATED_AT.asc(), TASKS.rowid().asc());
        return filter.limit() > 0 ? tx.fetch(ordered.limit(filter.limit()), TaskStore::map)
                : tx.fetch(ordered, TaskStore::map);
    }

    public static List<Task> byIds(Tx tx, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return tx.fetch(SQL.select(COLUMNS).from(TASKS).where(TASKS.ID.in(ids))
                .orderBy(TASKS.CREATED_AT.asc(), TASKS.rowid().asc()), TaskStore::map);
    }

    public static void updateFields(Tx tx, String id, java.util.Map<Field<?>, Object> values) {
        tx.execute(SQL.update(TASKS).set(values).where(TASKS.ID.eq(id)));
    }

    /** Reads a row selected as {@link #COLUMNS}, by position: the hot path reads thousands of these a second. */
    static Task map(ResultSet rs) throws SQLException {
        return new Task(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                Status.fromWire(rs.getString(5)),
                rs.getInt(6),
                rs.getString(7),
                rs.getString(8),
                instant(rs, 9),
                instant(rs, 10),
                instant(rs, 11),
                workspace(rs.getString(12), rs.getString(13)),
                rs.getString(14),
                instant(rs, 15),
                rs.getString(16),
                rs.getString(17),
                rs.getInt(18),
                rs.getString(19),
                nullableLong(rs, 20),
                seconds(rs, 21),
                instant(rs, 22),
                nullableLong(rs, 23),
                Json.stringList(rs.getString(24)));
    }

    /** Rows written by other kernels may pair a kind and path in ways we never write; keep them readable. */
    private static Workspace workspace(String kind, String path) {
        WorkspaceKind k;
        try {
            k = kind == null ? WorkspaceKind.SCRATCH : WorkspaceKind.fromWire(kind);
        } catch (IllegalArgumentException e) {
            k = WorkspaceKind.SCRATCH;
        }
        try {
            return new Workspace(k, path);
        } catch (RuntimeException e) {
            return k == WorkspaceKind.SCRATCH || path == null ? Workspace.SCRATCH : new Workspace(WorkspaceKind.DIR, path);
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return instant(rs, rs.findColumn(column));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochSecond(v);
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        return nullableLong(rs, rs.findColumn(column));
    }

    static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    static Duration seconds(ResultSet rs, String column) throws SQLException {
        return seconds(rs, rs.findColumn(column));
    }

    static Duration seconds(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Duration.ofSeconds(v);
    }
}
