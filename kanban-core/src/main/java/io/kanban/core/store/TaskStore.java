package io.kanban.core.store;

import static io.kanban.core.store.jooq.Tables.TASKS;
import static io.kanban.core.store.jooq.Tables.TASK_LINKS;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.SelectConditionStep;
import org.jooq.impl.DSL;

/** Every statement on {@code tasks}. Reads named columns only, so columns added by other kernels are ignored. */
public final class TaskStore {

    private static final String BY_ID = Statements.sql("TaskStore.BY_ID");

    private static final String EXISTS = Statements.sql("TaskStore.EXISTS");

    private static final String INSERT = Statements.sql("TaskStore.INSERT");

    /** The claim guard: only a ready, unlocked task can be taken; the row count says who won. */
    private static final String CLAIM = Statements.sql("TaskStore.CLAIM");

    /** Leaves the running state: clears the claim columns and sets the new status. */
    private static final String RELEASE = Statements.sql("TaskStore.RELEASE");

    private static final String COMPLETE = Statements.sql("TaskStore.COMPLETE");

    private static final String SET_STATUS = Statements.sql("TaskStore.SET_STATUS");

    private static final String HEARTBEAT = Statements.sql("TaskStore.HEARTBEAT");

    private static final String SET_WORKER = Statements.sql("TaskStore.SET_WORKER");

    private static final String BY_IDEMPOTENCY_KEY = Statements.sql("TaskStore.BY_IDEMPOTENCY_KEY");

    /** The claim queue: ready, unlocked, no unfinished parent; highest priority, then oldest. */
    private static final String NEXT_READY_FOR = Statements.sql("TaskStore.NEXT_READY_FOR");

    private static final String NEXT_READY = Statements.sql("TaskStore.NEXT_READY");

    private static final String PROMOTABLE_CHILDREN = Statements.sql("TaskStore.PROMOTABLE_CHILDREN");

    private static final String PROMOTABLE_ALL = Statements.sql("TaskStore.PROMOTABLE_ALL");

    private static final String UNFINISHED_PARENTS = Statements.sql("TaskStore.UNFINISHED_PARENTS");

    private static final String READY_CHILDREN = Statements.sql("TaskStore.READY_CHILDREN");

    private static final String LOCK_CHILDREN = Statements.sql("TaskStore.LOCK_CHILDREN");

    private TaskStore() {
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

    /**
     * Locks every child of {@code parentId} until commit (PostgreSQL write transactions only). Two parents of one
     * child finishing at once then take turns deciding about it, so the second sees the first as finished.
     */
    public static void lockChildren(Tx tx, String parentId) {
        if (tx.locksRows()) {
            tx.query(LOCK_CHILDREN, rs -> null, parentId);
        }
    }

    public static List<String> readyChildren(Tx tx, String parentId) {
        return tx.query(READY_CHILDREN, rs -> rs.getString(1), parentId);
    }

    private static final String LIST = Statements.sql("TaskStore.LIST");
    private static final String CARDS = Statements.sql("TaskStore.CARDS");
    private static final String COUNT = Statements.sql("TaskStore.COUNT");
    private static final String BY_IDS = Statements.sql("TaskStore.BY_IDS");
    private static final String SET_ASSIGNEE = Statements.sql("TaskStore.SET_ASSIGNEE");
    private static final String SET_PRIORITY = Statements.sql("TaskStore.SET_PRIORITY");
    private static final String EDIT = Statements.sql("TaskStore.EDIT");

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
     */
    public static List<TaskCard> cards(Tx tx, TaskFilter filter) {
        // A board has a handful of distinct skill sets: each JSON text is parsed once per read, not once per row.
        Map<String, List<String>> skillSets = new HashMap<>();
        return tx.query(CARDS, rs -> card(rs, skillSets), filterArgs(filter));
    }

    public static long count(Tx tx) {
        return tx.queryLong(COUNT);
    }

    public static List<Task> byIds(Tx tx, List<String> ids) {
        return ids.isEmpty() ? List.of() : tx.query(BY_IDS, TaskStore::map, Json.write(ids));
    }

    public static void setAssignee(Tx tx, String id, String assignee) {
        tx.update(SET_ASSIGNEE, assignee, id);
    }

    public static void setPriority(Tx tx, String id, int priority) {
        tx.update(SET_PRIORITY, priority, id);
    }

    /** Null keeps the current value. */
    public static void edit(Tx tx, String id, String title, String body) {
        tx.update(EDIT, title, body, id);
    }

    /** Reads a row selected as StatementCatalog's task columns (one packed column, see {@link TaskRow}). */
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
                Json.stringList(r.text()));
    }

    /** Reads a row selected as StatementCatalog's card columns, by position. */
    private static TaskCard card(ResultSet rs, Map<String, List<String>> skillSets) throws SQLException {
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
                rs.getString(10));
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
