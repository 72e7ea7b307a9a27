package io.kanban.core.store;

import static io.kanban.core.store.StatementSet.param;
import static io.kanban.core.store.jooq.Tables.TASKS;
import static io.kanban.core.store.jooq.Tables.TASK_LINKS;
import static io.kanban.core.store.jooq.Tables.TASK_RUNS;

import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskCard;
import io.kanban.core.model.TaskFilter;
import io.kanban.core.model.Workspace;
import io.kanban.core.model.WorkspaceKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.OrderField;
import org.jooq.impl.DSL;

/** Every statement on {@code tasks}. Reads named columns only, so columns added by other kernels are ignored. */
public final class TaskStore {

    private static final Sql BY_ID = Sql.of(TaskStore.class, "BY_ID");

    private static final Sql EXISTS = Sql.of(TaskStore.class, "EXISTS");

    private static final Sql INSERT = Sql.of(TaskStore.class, "INSERT");

    /** The claim guard: only a ready, unlocked task can be taken; the row count says who won. */
    private static final Sql CLAIM = Sql.of(TaskStore.class, "CLAIM");

    /** Leaves the running state: clears the claim columns and sets the new status. */
    private static final Sql RELEASE = Sql.of(TaskStore.class, "RELEASE");

    private static final Sql COMPLETE = Sql.of(TaskStore.class, "COMPLETE");


    private static final Sql HEARTBEAT = Sql.of(TaskStore.class, "HEARTBEAT");

    private static final Sql SET_WORKER = Sql.of(TaskStore.class, "SET_WORKER");

    private static final Sql BY_IDEMPOTENCY_KEY = Sql.of(TaskStore.class, "BY_IDEMPOTENCY_KEY");

    /** The claim queue: ready, unlocked, no unfinished parent; highest priority, then oldest. */
    private static final Sql NEXT_READY_FOR = Sql.of(TaskStore.class, "NEXT_READY_FOR");

    private static final Sql NEXT_READY = Sql.of(TaskStore.class, "NEXT_READY");

    private static final Sql PROMOTABLE_CHILDREN = Sql.of(TaskStore.class, "PROMOTABLE_CHILDREN");

    private static final Sql PROMOTABLE_ALL = Sql.of(TaskStore.class, "PROMOTABLE_ALL");

    private static final Sql UNFINISHED_PARENTS = Sql.of(TaskStore.class, "UNFINISHED_PARENTS");
    /** One mapper for the query and its prefetch: a prefetched answer is matched by mapper instance. */
    private static final RowMapper<String> PARENT_ID = rs -> rs.getString(1);

    private static final Sql READY_CHILDREN = Sql.of(TaskStore.class, "READY_CHILDREN");

    private static final Sql LOCK_CHILDREN = Sql.of(TaskStore.class, "LOCK_CHILDREN");

    private TaskStore() {
    }

    /**
     * Reads a task.
     *
     * @param tx the open transaction
     * @param id the task's id
     * @return the task, or empty
     */
    public static Optional<Task> find(Tx tx, String id) {
        return tx.queryOne(BY_ID, TaskStore::map, id);
    }

    /**
     * @param tx the open transaction
     * @param id the task's id
     * @return whether the task exists
     */
    public static boolean exists(Tx tx, String id) {
        return tx.queryOne(EXISTS, rs -> Boolean.TRUE, id).isPresent();
    }

    /**
     * @param tx the open transaction
     * @param key the idempotency key
     * @param tenant the tenant, or null
     * @return the task created with the key in that tenant, or empty
     */
    public static Optional<Task> findByIdempotencyKey(Tx tx, String key, String tenant) {
        return tx.queryOne(BY_IDEMPOTENCY_KEY, TaskStore::map, key, tenant);
    }

    /**
     * Inserts a new task row.
     *
     * @param tx the open transaction
     * @param t the task
     */
    public static void insert(Tx tx, Task t) {
        tx.update(INSERT, t.id(), t.title(), t.body(), t.assignee(), t.status().wire(), t.priority(), t.tenant(),
                t.createdBy(), t.createdAt(), t.workspace().kind().wire(), t.workspace().path(),
                t.idempotencyKey(), t.maxRuntime(), t.skills().isEmpty() ? null : Json.write(t.skills()),
                t.maxRetries(), t.modelOverride(), t.providerOverride());
    }

    /**
     * Claims the task for the run just opened for it in this transaction ({@link RunStore#open}), whose id the
     * update reads itself: the task's newest open run.
     *
     * @param tx the open transaction
     * @param id the task's id
     * @param from the status it must be in (ready, or review for a reviewer)
     * @param lock the claim lock
     * @param expires when the claim lapses without a heartbeat
     * @param now when
     * @param workerPid the worker's pid if known, or null
     * @return the run's id when this caller won the task; empty when it was no longer in {@code from} or unlocked
     */
    public static Optional<Long> claim(Tx tx, String id, Status from, String lock, Instant expires, Instant now,
                                       Long workerPid) {
        return tx.queryOne(CLAIM, rs -> rs.getLong(1), lock, expires, now, workerPid, id, from.wire());
    }

    /**
     * Leaves running (or any status but done); {@code scheduledUntil} is kept only by a schedule.
     *
     * @param tx the open transaction
     * @param id the task's id
     * @param to the new status
     * @param failures the new failure count
     * @param failureError the last failure's error, or null
     * @param scheduledUntil the due time to keep, or null
     */
    public static void release(Tx tx, String id, Status to, int failures, String failureError,
                               Instant scheduledUntil) {
        tx.updateAtCommit(RELEASE, to.wire(), failures, failureError, failures, scheduledUntil, id);
    }

    /**
     * Marks the task done with its result.
     *
     * @param tx the open transaction
     * @param id the task's id
     * @param result the result, or null
     * @param now when
     */
    public static void complete(Tx tx, String id, String result, Instant now) {
        tx.updateAtCommit(COMPLETE, result, now, id);
    }

    /**
     * Records a heartbeat and moves the claim's expiry.
     *
     * @param tx the open transaction
     * @param id the task's id
     * @param now when
     * @param expires the new expiry
     */
    public static void heartbeat(Tx tx, String id, Instant now, Instant expires) {
        tx.update(HEARTBEAT, now, expires, id);
    }

    /**
     * @param tx the open transaction
     * @param id the task's id
     * @param pid the worker's process id
     */
    public static void setWorker(Tx tx, String id, long pid) {
        tx.update(SET_WORKER, pid, id);
    }

    /**
     * The first task of the claim queue, for {@code assignee} or any.
     *
     * @param tx the open transaction
     * @param assignee whose tasks, or null for any
     * @return the task, or empty
     */
    public static Optional<Task> nextReady(Tx tx, String assignee) {
        return assignee == null
                ? tx.queryOne(NEXT_READY, TaskStore::map)
                : tx.queryOne(NEXT_READY_FOR, TaskStore::map, assignee);
    }


    /**
     * Todo children of {@code parentId} whose parents are now all done or archived.
     *
     * @param tx the open transaction
     * @param parentId the parent's id
     * @return their ids
     */
    public static List<String> promotableChildren(Tx tx, String parentId) {
        return tx.query(PROMOTABLE_CHILDREN, rs -> rs.getString(1), parentId);
    }

    /**
     * Todo tasks anywhere on the board whose parents are all done or archived.
     *
     * @param tx the open transaction
     * @return their ids
     */
    public static List<String> promotableAll(Tx tx) {
        return tx.query(PROMOTABLE_ALL, rs -> rs.getString(1));
    }

    /**
     * The task's parents that are not done or archived.
     *
     * @param tx the open transaction
     * @param childId the task's id
     * @return their ids
     */
    public static List<String> unfinishedParents(Tx tx, String childId) {
        return tx.query(UNFINISHED_PARENTS, PARENT_ID, childId);
    }

    /**
     * Says the transaction will soon ask {@link #unfinishedParents} of this task (see {@link Tx#prefetch}).
     *
     * @param tx the open transaction
     * @param childId the task's id
     */
    public static void prefetchUnfinishedParents(Tx tx, String childId) {
        tx.prefetch(UNFINISHED_PARENTS, PARENT_ID, childId);
    }

    /**
     * Locks every child of {@code parentId} until commit (PostgreSQL write transactions only). Two parents of one
     * child finishing at once then take turns deciding about it, so the second sees the first as finished.
     *
     * @param tx the open transaction
     * @param parentId the parent's id
     */
    public static void lockChildren(Tx tx, String parentId) {
        if (tx.locksRows()) {
            tx.query(LOCK_CHILDREN, rs -> null, parentId);
        }
    }

    /**
     * The parent's children that are ready.
     *
     * @param tx the open transaction
     * @param parentId the parent's id
     * @return their ids
     */
    public static List<String> readyChildren(Tx tx, String parentId) {
        return tx.query(READY_CHILDREN, rs -> rs.getString(1), parentId);
    }

    private static final Sql LIST = Sql.of(TaskStore.class, "LIST");
    private static final Sql CARDS = Sql.of(TaskStore.class, "CARDS");
    private static final Sql COUNT = Sql.of(TaskStore.class, "COUNT");
    private static final Sql BY_IDS = Sql.of(TaskStore.class, "BY_IDS");
    private static final Sql SET_ASSIGNEE = Sql.of(TaskStore.class, "SET_ASSIGNEE");
    private static final Sql SET_PRIORITY = Sql.of(TaskStore.class, "SET_PRIORITY");
    private static final Sql EDIT = Sql.of(TaskStore.class, "EDIT");
    private static final Sql SET_BLOCK = Sql.of(TaskStore.class, "SET_BLOCK");
    private static final Sql SET_SCHEDULED_UNTIL = Sql.of(TaskStore.class, "SET_SCHEDULED_UNTIL");
    private static final Sql SET_RESULT = Sql.of(TaskStore.class, "SET_RESULT");
    private static final Sql SET_MODEL = Sql.of(TaskStore.class, "SET_MODEL");
    private static final Sql SET_REASONING = Sql.of(TaskStore.class, "SET_REASONING");
    private static final Sql RESET_FAILURES = Sql.of(TaskStore.class, "RESET_FAILURES");
    private static final Sql DUE_SCHEDULED = Sql.of(TaskStore.class, "DUE_SCHEDULED");
    private static final Sql CHILDREN_OF = Sql.of(TaskStore.class, "CHILDREN_OF");
    private static final Sql IS_ASSIGNEE = Sql.of(TaskStore.class, "IS_ASSIGNEE");

    /**
     * Tasks as {@link io.kanban.core.Tasks#list} returns them.
     *
     * @param tx the open transaction
     * @param filter which tasks
     * @return the tasks
     */
    public static List<Task> list(Tx tx, TaskFilter filter) {
        return tx.query(LIST, TaskStore::map, filterArgs(filter));
    }

    /** The parameters of LIST and CARDS, which share their filter: null means "any". */
    private static Object[] filterArgs(TaskFilter filter) {
        String statuses = filter.statuses().isEmpty() ? null
                : Json.write(filter.statuses().stream().map(Status::wire).sorted().toList());
        int hideArchived = filter.statuses().isEmpty() && !filter.includeArchived() ? 1 : 0;
        int limit = filter.limit() > 0 ? filter.limit() : Integer.MAX_VALUE; // PostgreSQL refuses a negative LIMIT
        return new Object[] {statuses, hideArchived, filter.assignee(), filter.tenant(), limit};
    }

    /**
     * The same selection and order as {@link #list}, reading only the card columns: a 10,000-task board is read
     * in a fraction of the time, since each column fetched costs a native call per row.
     *
     * @param tx the open transaction
     * @param filter which tasks
     * @return the cards
     */
    public static List<TaskCard> cards(Tx tx, TaskFilter filter) {
        // A board has a handful of distinct skill sets: each JSON text is parsed once per read, not once per row.
        Map<String, List<String>> skillSets = new HashMap<>();
        return tx.query(CARDS, rs -> card(rs, skillSets), filterArgs(filter));
    }

    /**
     * @param tx the open transaction
     * @return how many tasks the board holds
     */
    public static long count(Tx tx) {
        return tx.queryLong(COUNT);
    }

    /**
     * @param tx the open transaction
     * @param ids the tasks' ids
     * @return those of the tasks that exist
     */
    public static List<Task> byIds(Tx tx, List<String> ids) {
        return ids.isEmpty() ? List.of() : tx.query(BY_IDS, TaskStore::map, Json.write(ids));
    }

    /**
     * @param tx the open transaction
     * @param id the task's id
     * @param assignee the new assignee, or null
     */
    public static void setAssignee(Tx tx, String id, String assignee) {
        tx.update(SET_ASSIGNEE, assignee, id);
    }

    /**
     * @param tx the open transaction
     * @param id the task's id
     * @param priority the new priority
     */
    public static void setPriority(Tx tx, String id, int priority) {
        tx.update(SET_PRIORITY, priority, id);
    }

    /**
     * Null keeps the current value.
     *
     * @param tx the open transaction
     * @param id the task's id
     * @param title the new title, or null
     * @param body the new body, or null
     */
    public static void edit(Tx tx, String id, String title, String body) {
        tx.update(EDIT, title, body, id);
    }

    /**
     * The reference's typed-block columns: the last kind and its recurrences.
     *
     * @param tx the open transaction
     * @param id the task's id
     * @param kind the block kind as stored, or null
     * @param recurrences the recurrence count
     */
    public static void setBlock(Tx tx, String id, String kind, int recurrences) {
        tx.updateAtCommit(SET_BLOCK, kind, recurrences, id);
    }

    /**
     * When a scheduled task is due; null clears it.
     *
     * @param tx the open transaction
     * @param id the task's id
     * @param due the due time, or null
     */
    public static void setScheduledUntil(Tx tx, String id, Instant due) {
        tx.update(SET_SCHEDULED_UNTIL, due, id);
    }

    /**
     * @param tx the open transaction
     * @param id the task's id
     * @param result the new result
     */
    public static void setResult(Tx tx, String id, String result) {
        tx.update(SET_RESULT, result, id);
    }

    /**
     * The reference's per-card overrides; nulls clear them.
     *
     * @param tx the open transaction
     * @param id the task's id
     * @param model the model, or null
     * @param provider the provider, or null
     */
    public static void setModel(Tx tx, String id, String model, String provider) {
        tx.update(SET_MODEL, model, provider, id);
    }

    /**
     * Sets the reference's per-card reasoning level; null clears it.
     *
     * @param tx the open transaction
     * @param id the task's id
     * @param level the reasoning level, or null
     */
    public static void setReasoning(Tx tx, String id, String level) {
        tx.update(SET_REASONING, level, id);
    }

    /**
     * Clears the task's failure count and last failure error.
     *
     * @param tx the open transaction
     * @param id the task's id
     */
    public static void resetFailures(Tx tx, String id) {
        tx.update(RESET_FAILURES, id);
    }

    /**
     * Scheduled tasks whose due time is at or before {@code now}, oldest due first.
     *
     * @param tx the open transaction
     * @param now the current time
     * @return their ids
     */
    public static List<String> dueScheduled(Tx tx, Instant now) {
        return tx.query(DUE_SCHEDULED, rs -> rs.getString(1), now);
    }

    /**
     * Whether any task on the board is assigned to {@code profile}: the profiles a board knows.
     *
     * @param tx the open transaction
     * @param profile the profile's name
     * @return whether it is
     */
    public static boolean isAssignee(Tx tx, String profile) {
        return tx.queryOne(IS_ASSIGNEE, rs -> Boolean.TRUE, profile).isPresent();
    }

    /**
     * Every child of a task, archived ones included.
     *
     * @param tx the open transaction
     * @param parentId the parent's id
     * @return their ids
     */
    public static List<String> childrenOf(Tx tx, String parentId) {
        return tx.query(CHILDREN_OF, rs -> rs.getString(1), parentId);
    }

    /** Reads a row selected as {@link Definitions#taskColumns} (one packed column, see {@link TaskRow}). */
    static Task map(ResultSet rs) throws SQLException {
        TaskRow r = new TaskRow(rs.getString(1));
        return new Task(
                r.text(),
                r.text(),
                r.text(),
                r.text(),
                Status.fromWire(r.text()),
                r.integer(),
                r.text(),
                r.text(),
                r.instant(),
                r.instant(),
                r.instant(),
                workspace(r.text(), r.text()),
                r.text(),
                r.instant(),
                r.text(),
                r.text(),
                r.integer(),
                r.text(),
                r.number(),
                r.seconds(),
                r.instant(),
                r.number(),
                Json.stringList(r.text()),
                r.text(),
                r.integer(),
                maxRetries(r.number()),
                r.instant(),
                r.text(),
                r.text(),
                r.text());
    }

    private static Integer maxRetries(Long value) {
        return value == null ? null : value.intValue();
    }

    /** Reads a row selected as {@link Definitions#cardColumns}, by position. */
    static TaskCard card(ResultSet rs, Map<String, List<String>> skillSets) throws SQLException {
        String skills = rs.getString(7);
        return new TaskCard(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                Status.fromWire(rs.getString(4)),
                rs.getInt(5),
                rs.getString(6),
                skills == null ? List.of() : skillSets.computeIfAbsent(skills, t -> List.copyOf(Json.stringList(t))),
                Instant.ofEpochSecond(rs.getLong(8)),
                rs.getInt(9),
                rs.getString(10),
                instant(rs, 11),
                instant(rs, 12));
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

    /** The statements above, written with jOOQ from the generated tables (see {@link StatementSource}). */
    static final class Definitions implements StatementSource {
        @Override
        public Class<?> store() {
            return TaskStore.class;
        }

        /**
         * What every task read selects: the task's columns packed into one JSON array, in the order {@link #map}
         * reads them (see {@link TaskRow} for why one column).
         */
        static List<Field<?>> taskColumns() {
            return List.of(DSL.jsonArray(TASKS.ID, TASKS.TITLE, TASKS.BODY, TASKS.ASSIGNEE, TASKS.STATUS,
                    TASKS.PRIORITY, TASKS.TENANT, TASKS.CREATED_BY, TASKS.CREATED_AT, TASKS.STARTED_AT,
                    TASKS.COMPLETED_AT, TASKS.WORKSPACE_KIND, TASKS.WORKSPACE_PATH, TASKS.CLAIM_LOCK,
                    TASKS.CLAIM_EXPIRES, TASKS.RESULT, TASKS.IDEMPOTENCY_KEY, TASKS.CONSECUTIVE_FAILURES,
                    TASKS.LAST_FAILURE_ERROR, TASKS.WORKER_PID, TASKS.MAX_RUNTIME_SECONDS, TASKS.LAST_HEARTBEAT_AT,
                    TASKS.CURRENT_RUN_ID, TASKS.SKILLS, TASKS.BLOCK_KIND, TASKS.BLOCK_RECURRENCES, TASKS.MAX_RETRIES,
                    TASKS.SCHEDULED_UNTIL, TASKS.MODEL_OVERRIDE, TASKS.PROVIDER_OVERRIDE, TASKS.REASONING_EFFORT)
                    .as("task_row"));
        }

        /** The columns a board card shows, in the order {@link #card} reads them. */
        static List<Field<?>> cardColumns() {
            return List.of(TASKS.ID, TASKS.TITLE, TASKS.ASSIGNEE, TASKS.STATUS, TASKS.PRIORITY, TASKS.TENANT,
                    TASKS.SKILLS, TASKS.CREATED_AT, TASKS.CONSECUTIVE_FAILURES, TASKS.LAST_FAILURE_ERROR,
                    TASKS.SCHEDULED_UNTIL, TASKS.COMPLETED_AT);
        }

        static Condition noUnfinishedParent(Field<String> taskId) {
            var link = TASK_LINKS.as("l2");
            var parent = TASKS.as("p");
            return DSL.notExists(DSL.selectOne().from(link)
                    .join(parent).on(parent.ID.eq(link.PARENT_ID))
                    .where(link.CHILD_ID.eq(taskId))
                    .and(parent.STATUS.notIn(Status.DONE.wire(), Status.ARCHIVED.wire())));
        }

        @Override
        public void define(StatementSet s) {
            DSLContext sql = s.dsl();
            List<Field<?>> columns = taskColumns();
            s.putLockedInWrites("BY_ID", sql.select(columns).from(TASKS).where(TASKS.ID.eq(param(TASKS.ID))));
            // Before deciding which children a finished parent promotes (PostgreSQL only; see Dependencies).
            s.put("LOCK_CHILDREN", s.lockAll(sql.select(TASKS.ID).from(TASKS)
                    .where(TASKS.ID.in(DSL.select(TASK_LINKS.CHILD_ID).from(TASK_LINKS)
                            .where(TASK_LINKS.PARENT_ID.eq(param(TASK_LINKS.PARENT_ID)))))
                    .orderBy(TASKS.ID)));
            s.put("EXISTS", sql.selectOne().from(TASKS).where(TASKS.ID.eq(param(TASKS.ID))));
            s.put("INSERT", sql.insertInto(TASKS, TASKS.ID, TASKS.TITLE, TASKS.BODY, TASKS.ASSIGNEE,
                            TASKS.STATUS, TASKS.PRIORITY, TASKS.TENANT, TASKS.CREATED_BY, TASKS.CREATED_AT,
                            TASKS.WORKSPACE_KIND, TASKS.WORKSPACE_PATH, TASKS.IDEMPOTENCY_KEY, TASKS.MAX_RUNTIME_SECONDS,
                            TASKS.SKILLS, TASKS.MAX_RETRIES, TASKS.MODEL_OVERRIDE, TASKS.PROVIDER_OVERRIDE)
                    .values(param(TASKS.ID), param(TASKS.TITLE), param(TASKS.BODY), param(TASKS.ASSIGNEE),
                            param(TASKS.STATUS), param(TASKS.PRIORITY), param(TASKS.TENANT), param(TASKS.CREATED_BY),
                            param(TASKS.CREATED_AT), param(TASKS.WORKSPACE_KIND), param(TASKS.WORKSPACE_PATH),
                            param(TASKS.IDEMPOTENCY_KEY), param(TASKS.MAX_RUNTIME_SECONDS), param(TASKS.SKILLS),
                            param(TASKS.MAX_RETRIES), param(TASKS.MODEL_OVERRIDE), param(TASKS.PROVIDER_OVERRIDE)));
            // The run was inserted just before, in the same transaction: the task's newest open run.
            s.putReturning("CLAIM", sql.update(TASKS)
                    .set(TASKS.STATUS, Status.RUNNING.wire())
                    .set(TASKS.CLAIM_LOCK, param(TASKS.CLAIM_LOCK))
                    .set(TASKS.CLAIM_EXPIRES, param(TASKS.CLAIM_EXPIRES))
                    .set(TASKS.STARTED_AT, DSL.coalesce(TASKS.STARTED_AT, param(TASKS.STARTED_AT)))
                    .set(TASKS.WORKER_PID, param(TASKS.WORKER_PID))
                    .set(TASKS.CURRENT_RUN_ID, DSL.select(DSL.max(TASK_RUNS.ID)).from(TASK_RUNS)
                            .where(TASK_RUNS.TASK_ID.eq(TASKS.ID)).and(TASK_RUNS.ENDED_AT.isNull()))
                    .set(TASKS.LAST_HEARTBEAT_AT, (Instant) null)
                    .where(TASKS.ID.eq(param(TASKS.ID)))
                    .and(TASKS.STATUS.eq(param(TASKS.STATUS)))
                    .and(TASKS.CLAIM_LOCK.isNull()), TASKS.CURRENT_RUN_ID);
            s.put("RELEASE", sql.update(TASKS)
                    .set(TASKS.STATUS, param(TASKS.STATUS))
                    .set(TASKS.CLAIM_LOCK, (String) null)
                    .set(TASKS.CLAIM_EXPIRES, (Instant) null)
                    .set(TASKS.WORKER_PID, (Long) null)
                    .set(TASKS.CURRENT_RUN_ID, (Long) null)
                    .set(TASKS.CONSECUTIVE_FAILURES, param(TASKS.CONSECUTIVE_FAILURES))
                    .set(TASKS.LAST_FAILURE_ERROR, param(TASKS.LAST_FAILURE_ERROR))
                    .set(TASKS.SPAWN_FAILURES, param(TASKS.SPAWN_FAILURES))
                    .set(TASKS.SCHEDULED_UNTIL, param(TASKS.SCHEDULED_UNTIL))
                    .where(TASKS.ID.eq(param(TASKS.ID))));
            s.put("COMPLETE", sql.update(TASKS)
                    .set(TASKS.STATUS, Status.DONE.wire())
                    .set(TASKS.RESULT, param(TASKS.RESULT))
                    .set(TASKS.COMPLETED_AT, param(TASKS.COMPLETED_AT))
                    .set(TASKS.CLAIM_LOCK, (String) null)
                    .set(TASKS.CLAIM_EXPIRES, (Instant) null)
                    .set(TASKS.WORKER_PID, (Long) null)
                    .set(TASKS.CURRENT_RUN_ID, (Long) null)
                    .set(TASKS.CONSECUTIVE_FAILURES, 0)
                    .set(TASKS.LAST_FAILURE_ERROR, (String) null)
                    .set(TASKS.BLOCK_KIND, (String) null)
                    .set(TASKS.BLOCK_RECURRENCES, 0)
                    .set(TASKS.SCHEDULED_UNTIL, (Instant) null)
                    .where(TASKS.ID.eq(param(TASKS.ID))));
            s.put("HEARTBEAT", sql.update(TASKS)
                    .set(TASKS.LAST_HEARTBEAT_AT, param(TASKS.LAST_HEARTBEAT_AT))
                    .set(TASKS.CLAIM_EXPIRES, param(TASKS.CLAIM_EXPIRES))
                    .where(TASKS.ID.eq(param(TASKS.ID))));
            s.put("SET_WORKER", sql.update(TASKS)
                    .set(TASKS.WORKER_PID, param(TASKS.WORKER_PID))
                    .set(TASKS.SPAWN_FAILURES, 0)
                    .where(TASKS.ID.eq(param(TASKS.ID))));
            s.put("BY_IDEMPOTENCY_KEY", sql.select(columns).from(TASKS)
                    .where(TASKS.IDEMPOTENCY_KEY.eq(param(TASKS.IDEMPOTENCY_KEY)))
                    .and(TASKS.STATUS.ne(Status.ARCHIVED.wire()))
                    .and(TASKS.TENANT.isNotDistinctFrom(param(TASKS.TENANT)))
                    .orderBy(TASKS.CREATED_AT.desc())
                    .limit(1));
            s.put("NEXT_READY_FOR", s.claimQueue(sql.select(columns).from(TASKS)
                    .where(TASKS.STATUS.eq(Status.READY.wire()))
                    .and(TASKS.CLAIM_LOCK.isNull())
                    .and(TASKS.ASSIGNEE.eq(param(TASKS.ASSIGNEE)))
                    .and(noUnfinishedParent(TASKS.ID))
                    .orderBy(TASKS.PRIORITY.desc(), TASKS.CREATED_AT.asc(), s.insertionOrder().asc())
                    .limit(1)));
            s.put("NEXT_READY", s.claimQueue(sql.select(columns).from(TASKS)
                    .where(TASKS.STATUS.eq(Status.READY.wire()))
                    .and(TASKS.CLAIM_LOCK.isNull())
                    .and(noUnfinishedParent(TASKS.ID))
                    .orderBy(TASKS.PRIORITY.desc(), TASKS.CREATED_AT.asc(), s.insertionOrder().asc())
                    .limit(1)));
            s.put("PROMOTABLE_CHILDREN", sql.select(TASKS.ID).from(TASK_LINKS)
                    .join(TASKS).on(TASKS.ID.eq(TASK_LINKS.CHILD_ID))
                    .where(TASK_LINKS.PARENT_ID.eq(param(TASK_LINKS.PARENT_ID)))
                    .and(TASKS.STATUS.eq(Status.TODO.wire()))
                    .and(noUnfinishedParent(TASKS.ID)));
            s.put("PROMOTABLE_ALL", sql.select(TASKS.ID).from(TASKS)
                    .where(TASKS.STATUS.eq(Status.TODO.wire()))
                    .and(noUnfinishedParent(TASKS.ID))
                    .orderBy(TASKS.CREATED_AT.asc()));
            s.put("UNFINISHED_PARENTS", sql.select(TASK_LINKS.PARENT_ID).from(TASK_LINKS)
                    .join(TASKS).on(TASKS.ID.eq(TASK_LINKS.PARENT_ID))
                    .where(TASK_LINKS.CHILD_ID.eq(param(TASK_LINKS.CHILD_ID)))
                    .and(TASKS.STATUS.notIn(Status.DONE.wire(), Status.ARCHIVED.wire()))
                    .orderBy(TASK_LINKS.PARENT_ID));
            s.put("READY_CHILDREN", sql.select(TASKS.ID).from(TASK_LINKS)
                    .join(TASKS).on(TASKS.ID.eq(TASK_LINKS.CHILD_ID))
                    .where(TASK_LINKS.PARENT_ID.eq(param(TASK_LINKS.PARENT_ID)))
                    .and(TASKS.STATUS.eq(Status.READY.wire())));
            defineFilteredReads(s, columns);
            s.put("SET_ASSIGNEE", sql.update(TASKS).set(TASKS.ASSIGNEE, param(TASKS.ASSIGNEE))
                    .where(TASKS.ID.eq(param(TASKS.ID))));
            s.put("SET_PRIORITY", sql.update(TASKS).set(TASKS.PRIORITY, param(TASKS.PRIORITY))
                    .where(TASKS.ID.eq(param(TASKS.ID))));
            s.put("SET_BLOCK", sql.update(TASKS).set(TASKS.BLOCK_KIND, param(TASKS.BLOCK_KIND))
                    .set(TASKS.BLOCK_RECURRENCES, param(TASKS.BLOCK_RECURRENCES))
                    .where(TASKS.ID.eq(param(TASKS.ID))));
            s.put("SET_SCHEDULED_UNTIL", sql.update(TASKS).set(TASKS.SCHEDULED_UNTIL, param(TASKS.SCHEDULED_UNTIL))
                    .where(TASKS.ID.eq(param(TASKS.ID))));
            s.put("SET_RESULT", sql.update(TASKS).set(TASKS.RESULT, param(TASKS.RESULT))
                    .where(TASKS.ID.eq(param(TASKS.ID))));
            s.put("SET_MODEL", sql.update(TASKS).set(TASKS.MODEL_OVERRIDE, param(TASKS.MODEL_OVERRIDE))
                    .set(TASKS.PROVIDER_OVERRIDE, param(TASKS.PROVIDER_OVERRIDE))
                    .where(TASKS.ID.eq(param(TASKS.ID))));
            s.put("SET_REASONING", sql.update(TASKS).set(TASKS.REASONING_EFFORT, param(TASKS.REASONING_EFFORT))
                    .where(TASKS.ID.eq(param(TASKS.ID))));
            s.put("RESET_FAILURES", sql.update(TASKS).set(TASKS.CONSECUTIVE_FAILURES, 0)
                    .set(TASKS.LAST_FAILURE_ERROR, (String) null)
                    .where(TASKS.ID.eq(param(TASKS.ID))));
            s.put("DUE_SCHEDULED", sql.select(TASKS.ID).from(TASKS)
                    .where(TASKS.STATUS.eq(Status.SCHEDULED.wire()))
                    .and(TASKS.SCHEDULED_UNTIL.le(param(TASKS.SCHEDULED_UNTIL)))
                    .orderBy(TASKS.SCHEDULED_UNTIL.asc(), TASKS.ID.asc()));
            s.put("IS_ASSIGNEE", sql.selectOne().from(TASKS).where(TASKS.ASSIGNEE.eq(param(TASKS.ASSIGNEE)))
                    .limit(1));
            s.put("CHILDREN_OF", sql.select(TASK_LINKS.CHILD_ID).from(TASK_LINKS)
                    .where(TASK_LINKS.PARENT_ID.eq(param(TASK_LINKS.PARENT_ID)))
                    .orderBy(TASK_LINKS.CHILD_ID));
            s.put("EDIT", sql.update(TASKS)
                    .set(TASKS.TITLE, DSL.coalesce(param(TASKS.TITLE), TASKS.TITLE))
                    .set(TASKS.BODY, DSL.coalesce(param(TASKS.BODY), TASKS.BODY))
                    .where(TASKS.ID.eq(param(TASKS.ID))));
        }

        /** Reads with optional filters: a null parameter means "any", so one statement serves every filter. */
        private static void defineFilteredReads(StatementSet s, List<Field<?>> columns) {
            DSLContext sql = s.dsl();
            Field<String> statuses = StatementSet.param("statuses", String.class);
            Field<Integer> hideArchived = StatementSet.param("hide_archived", Integer.class);
            Field<String> assignee = StatementSet.param("assignee", String.class);
            Field<String> tenant = StatementSet.param("tenant", String.class);
            Field<Integer> limit = StatementSet.param("lim", Integer.class);
            // The board's cards are the list's rows, fewer columns: one filter and one order for both.
            Condition filter = statuses.isNull().or(TASKS.STATUS.in(s.jsonValues(statuses)))
                    .and(hideArchived.eq(0).or(TASKS.STATUS.ne(Status.ARCHIVED.wire())))
                    .and(assignee.isNull().or(TASKS.ASSIGNEE.eq(assignee)))
                    .and(tenant.isNull().or(TASKS.TENANT.eq(tenant)));
            List<OrderField<?>> order = List.of(DSL.coalesce(TASKS.PRIORITY, 0).desc(), TASKS.CREATED_AT.asc(),
                    s.insertionOrder().asc());
            s.put("LIST", sql.select(columns).from(TASKS).where(filter).orderBy(order).limit(limit));
            s.put("CARDS", sql.select(cardColumns()).from(TASKS).where(filter).orderBy(order).limit(limit));
            s.put("COUNT", sql.selectCount().from(TASKS));
            Field<String> ids = StatementSet.param("ids", String.class);
            s.put("BY_IDS", sql.select(columns).from(TASKS)
                    .where(TASKS.ID.in(s.jsonValues(ids)))
                    .orderBy(TASKS.CREATED_AT.asc(), s.insertionOrder().asc()));
        }
    }
}
