package io.kanban.core.store;

import static io.kanban.core.store.jooq.Tables.KANBAN_NOTIFY_SUBS;
import static io.kanban.core.store.jooq.Tables.TASKS;
import static io.kanban.core.store.jooq.Tables.TASK_COMMENTS;
import static io.kanban.core.store.jooq.Tables.TASK_EVENTS;
import static io.kanban.core.store.jooq.Tables.TASK_LINKS;
import static io.kanban.core.store.jooq.Tables.TASK_RUNS;

import io.kanban.core.model.EventKind;
import io.kanban.core.model.Status;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Every fixed statement of the store, written with jOOQ from the generated tables. The build renders them once
 * into {@value Statements#RESOURCE} (see {@link #main}), so a process reading the board never loads jOOQ for
 * them: the CLI, which workers call many times, starts faster. A test checks the file matches this code.
 */
public final class StatementCatalog {
    /** Renders for one dialect; the definitions below are shared, dialect choices go through {@link #dialect}. */
    private final DSLContext SQL;
    private final Dialect dialect;

    private StatementCatalog(Dialect dialect) {
        this.dialect = dialect;
        this.SQL = dialect.renderer();
    }

    /** Writes the rendered catalog of every dialect into the class output folder given as the only argument. */
    public static void main(String[] args) throws IOException {
        for (Dialect dialect : Dialect.values()) {
            Path file = Path.of(args[0]).resolve(Statements.resourcePath(dialect));
            String text = Statements.format(render(dialect));
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write(text);
            }
        }
    }

    /** The SQLite catalog: its texts are also how stores name a statement (see {@link Statements#sql}). */
    public static Map<String, String> render() {
        return render(Dialect.SQLITE);
    }

    public static Map<String, String> render(Dialect dialect) {
        return new StatementCatalog(dialect).renderAll();
    }

    private Map<String, String> renderAll() {
        Map<String, String> c = new TreeMap<>();
        defineTaskStore(c);
        defineRunStore(c);
        defineEventStore(c);
        defineLinkStore(c);
        defineCommentStore(c);
        defineSubscriptionStore(c);
        defineDispatchStore(c);
        defineQueries(c);
        defineNotifyDelivery(c);
        defineHealthStore(c);
        return c;
    }

    /**
     * What every task read selects: the task's columns packed into one JSON array, in the order TaskStore.map
     * reads them (see TaskRow for why one column).
     */
    static List<Field<?>> taskColumns() {
        return List.of(DSL.jsonArray(TASKS.ID, TASKS.TITLE, TASKS.BODY, TASKS.ASSIGNEE, TASKS.STATUS,
            TASKS.PRIORITY, TASKS.TENANT, TASKS.CREATED_BY, TASKS.CREATED_AT, TASKS.STARTED_AT, TASKS.COMPLETED_AT,
            TASKS.WORKSPACE_KIND, TASKS.WORKSPACE_PATH, TASKS.CLAIM_LOCK, TASKS.CLAIM_EXPIRES, TASKS.RESULT,
            TASKS.IDEMPOTENCY_KEY, TASKS.CONSECUTIVE_FAILURES, TASKS.LAST_FAILURE_ERROR, TASKS.WORKER_PID,
            TASKS.MAX_RUNTIME_SECONDS, TASKS.LAST_HEARTBEAT_AT, TASKS.CURRENT_RUN_ID, TASKS.SKILLS).as("task_row"));
    }

    /** The columns a board card shows, in the order TaskStore's card mapper reads them. */
    static List<Field<?>> cardColumns() {
        return List.of(TASKS.ID, TASKS.TITLE, TASKS.ASSIGNEE, TASKS.STATUS, TASKS.PRIORITY, TASKS.TENANT,
            TASKS.SKILLS, TASKS.CREATED_AT, TASKS.CONSECUTIVE_FAILURES, TASKS.LAST_FAILURE_ERROR);
    }

    /** The columns every run read selects; RunStore.map reads them by name. */
    static List<Field<?>> runColumns() {
        return List.of(TASK_RUNS.ID, TASK_RUNS.TASK_ID, TASK_RUNS.PROFILE,
            TASK_RUNS.STATUS, TASK_RUNS.CLAIM_LOCK, TASK_RUNS.CLAIM_EXPIRES, TASK_RUNS.WORKER_PID,
            TASK_RUNS.MAX_RUNTIME_SECONDS, TASK_RUNS.LAST_HEARTBEAT_AT, TASK_RUNS.STARTED_AT, TASK_RUNS.ENDED_AT,
            TASK_RUNS.OUTCOME, TASK_RUNS.SUMMARY, TASK_RUNS.METADATA, TASK_RUNS.ERROR, TASK_RUNS.LOG_PATH);
    }

    static <T> Field<T> p(Field<T> field) {
        return DSL.param(field.getName(), field.getDataType());
    }

    static Condition noUnfinishedParent(Field<String> taskId) {
        var link = TASK_LINKS.as("l2");
        var parent = TASKS.as("p");
        return DSL.notExists(DSL.selectOne().from(link)
                .join(parent).on(parent.ID.eq(link.PARENT_ID))
                .where(link.CHILD_ID.eq(taskId))
                .and(parent.STATUS.notIn(Status.DONE.wire(), Status.ARCHIVED.wire())));
    }

    private void defineTaskStore(Map<String, String> c) {
        List<Field<?>> COLUMNS = taskColumns();
        lockedInWrites(c, "TaskStore.BY_ID", SQL.select(COLUMNS).from(TASKS).where(TASKS.ID.eq(p(TASKS.ID))));
        // Before deciding which children a finished parent promotes (PostgreSQL only; see Dependencies).
        c.put("TaskStore.LOCK_CHILDREN", lockAll(SQL.select(TASKS.ID).from(TASKS)
                .where(TASKS.ID.in(DSL.select(TASK_LINKS.CHILD_ID).from(TASK_LINKS)
                        .where(TASK_LINKS.PARENT_ID.eq(p(TASK_LINKS.PARENT_ID)))))
                .orderBy(TASKS.ID)));
        c.put("TaskStore.EXISTS", SQL.selectOne().from(TASKS).where(TASKS.ID.eq(p(TASKS.ID))).getSQL());
        c.put("TaskStore.INSERT", SQL.insertInto(TASKS, TASKS.ID, TASKS.TITLE, TASKS.BODY, TASKS.ASSIGNEE,
                TASKS.STATUS, TASKS.PRIORITY, TASKS.TENANT, TASKS.CREATED_BY, TASKS.CREATED_AT,
                TASKS.WORKSPACE_KIND, TASKS.WORKSPACE_PATH, TASKS.IDEMPOTENCY_KEY, TASKS.MAX_RUNTIME_SECONDS,
                TASKS.SKILLS)
                .values(p(TASKS.ID), p(TASKS.TITLE), p(TASKS.BODY), p(TASKS.ASSIGNEE), p(TASKS.STATUS),
                p(TASKS.PRIORITY), p(TASKS.TENANT), p(TASKS.CREATED_BY), p(TASKS.CREATED_AT),
                p(TASKS.WORKSPACE_KIND), p(TASKS.WORKSPACE_PATH), p(TASKS.IDEMPOTENCY_KEY),
                p(TASKS.MAX_RUNTIME_SECONDS), p(TASKS.SKILLS))
                .getSQL());
        c.put("TaskStore.CLAIM", SQL.update(TASKS)
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
                .getSQL());
        c.put("TaskStore.RELEASE", SQL.update(TASKS)
                .set(TASKS.STATUS, p(TASKS.STATUS))
                .set(TASKS.CLAIM_LOCK, (String) null)
                .set(TASKS.CLAIM_EXPIRES, (Instant) null)
                .set(TASKS.WORKER_PID, (Long) null)
                .set(TASKS.CURRENT_RUN_ID, (Long) null)
                .set(TASKS.CONSECUTIVE_FAILURES, p(TASKS.CONSECUTIVE_FAILURES))
                .set(TASKS.LAST_FAILURE_ERROR, p(TASKS.LAST_FAILURE_ERROR))
                .set(TASKS.SPAWN_FAILURES, p(TASKS.SPAWN_FAILURES))
                .where(TASKS.ID.eq(p(TASKS.ID)))
                .getSQL());
        c.put("TaskStore.COMPLETE", SQL.update(TASKS)
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
                .getSQL());
        c.put("TaskStore.SET_STATUS", SQL.update(TASKS)
                .set(TASKS.STATUS, p(TASKS.STATUS))
                .where(TASKS.ID.eq(p(TASKS.ID)))
                .getSQL());
        c.put("TaskStore.HEARTBEAT", SQL.update(TASKS)
                .set(TASKS.LAST_HEARTBEAT_AT, p(TASKS.LAST_HEARTBEAT_AT))
                .set(TASKS.CLAIM_EXPIRES, p(TASKS.CLAIM_EXPIRES))
                .where(TASKS.ID.eq(p(TASKS.ID)))
                .getSQL());
        c.put("TaskStore.SET_WORKER", SQL.update(TASKS)
                .set(TASKS.WORKER_PID, p(TASKS.WORKER_PID))
                .set(TASKS.SPAWN_FAILURES, 0)
                .where(TASKS.ID.eq(p(TASKS.ID)))
                .getSQL());
        c.put("TaskStore.BY_IDEMPOTENCY_KEY", SQL.select(COLUMNS).from(TASKS)
                .where(TASKS.IDEMPOTENCY_KEY.eq(p(TASKS.IDEMPOTENCY_KEY)))
                .and(TASKS.STATUS.ne(Status.ARCHIVED.wire()))
                .and(TASKS.TENANT.isNotDistinctFrom(p(TASKS.TENANT)))
                .orderBy(TASKS.CREATED_AT.desc())
                .limit(1)
                .getSQL());
        c.put("TaskStore.NEXT_READY_FOR", claimQueue(SQL.select(COLUMNS).from(TASKS)
                .where(TASKS.STATUS.eq(Status.READY.wire()))
                .and(TASKS.CLAIM_LOCK.isNull())
                .and(TASKS.ASSIGNEE.eq(p(TASKS.ASSIGNEE)))
                .and(noUnfinishedParent(TASKS.ID))
                .orderBy(TASKS.PRIORITY.desc(), TASKS.CREATED_AT.asc(), insertionOrder().asc())
                .limit(1)));
        c.put("TaskStore.NEXT_READY", claimQueue(SQL.select(COLUMNS).from(TASKS)
                .where(TASKS.STATUS.eq(Status.READY.wire()))
                .and(TASKS.CLAIM_LOCK.isNull())
                .and(noUnfinishedParent(TASKS.ID))
                .orderBy(TASKS.PRIORITY.desc(), TASKS.CREATED_AT.asc(), insertionOrder().asc())
                .limit(1)));
        c.put("TaskStore.PROMOTABLE_CHILDREN", SQL.select(TASKS.ID).from(TASK_LINKS)
                .join(TASKS).on(TASKS.ID.eq(TASK_LINKS.CHILD_ID))
                .where(TASK_LINKS.PARENT_ID.eq(p(TASK_LINKS.PARENT_ID)))
                .and(TASKS.STATUS.eq(Status.TODO.wire()))
                .and(noUnfinishedParent(TASKS.ID))
                .getSQL());
        c.put("TaskStore.PROMOTABLE_ALL", SQL.select(TASKS.ID).from(TASKS)
                .where(TASKS.STATUS.eq(Status.TODO.wire()))
                .and(noUnfinishedParent(TASKS.ID))
                .orderBy(TASKS.CREATED_AT.asc())
                .getSQL());
        c.put("TaskStore.UNFINISHED_PARENTS", SQL.select(TASK_LINKS.PARENT_ID).from(TASK_LINKS)
                .join(TASKS).on(TASKS.ID.eq(TASK_LINKS.PARENT_ID))
                .where(TASK_LINKS.CHILD_ID.eq(p(TASK_LINKS.CHILD_ID)))
                .and(TASKS.STATUS.notIn(Status.DONE.wire(), Status.ARCHIVED.wire()))
                .orderBy(TASK_LINKS.PARENT_ID)
                .getSQL());
        c.put("TaskStore.READY_CHILDREN", SQL.select(TASKS.ID).from(TASK_LINKS)
                .join(TASKS).on(TASKS.ID.eq(TASK_LINKS.CHILD_ID))
                .where(TASK_LINKS.PARENT_ID.eq(p(TASK_LINKS.PARENT_ID)))
                .and(TASKS.STATUS.eq(Status.READY.wire()))
                .getSQL());
    }

    private void defineRunStore(Map<String, String> c) {
        List<Field<?>> COLUMNS = runColumns();
        c.put("RunStore.OPEN", SQL.insertInto(TASK_RUNS, TASK_RUNS.TASK_ID, TASK_RUNS.PROFILE,
                TASK_RUNS.STATUS, TASK_RUNS.CLAIM_LOCK, TASK_RUNS.CLAIM_EXPIRES, TASK_RUNS.WORKER_PID,
                TASK_RUNS.MAX_RUNTIME_SECONDS, TASK_RUNS.STARTED_AT)
                .values(p(TASK_RUNS.TASK_ID), p(TASK_RUNS.PROFILE), DSL.inline(RunStore.RUNNING), p(TASK_RUNS.CLAIM_LOCK),
                p(TASK_RUNS.CLAIM_EXPIRES), p(TASK_RUNS.WORKER_PID), p(TASK_RUNS.MAX_RUNTIME_SECONDS),
                p(TASK_RUNS.STARTED_AT))
                .getSQL() + Sql.RETURNING_ID);
        c.put("RunStore.RECORD_CLOSED", SQL.insertInto(TASK_RUNS, TASK_RUNS.TASK_ID, TASK_RUNS.PROFILE,
                TASK_RUNS.STATUS, TASK_RUNS.STARTED_AT, TASK_RUNS.ENDED_AT, TASK_RUNS.OUTCOME, TASK_RUNS.SUMMARY,
                TASK_RUNS.METADATA, TASK_RUNS.ERROR)
                .values(p(TASK_RUNS.TASK_ID), p(TASK_RUNS.PROFILE), p(TASK_RUNS.STATUS), p(TASK_RUNS.STARTED_AT),
                p(TASK_RUNS.ENDED_AT), p(TASK_RUNS.OUTCOME), p(TASK_RUNS.SUMMARY), p(TASK_RUNS.METADATA),
                p(TASK_RUNS.ERROR))
                .getSQL() + Sql.RETURNING_ID);
        c.put("RunStore.CLOSE", SQL.update(TASK_RUNS)
                .set(TASK_RUNS.STATUS, p(TASK_RUNS.STATUS))
                .set(TASK_RUNS.OUTCOME, p(TASK_RUNS.OUTCOME))
                .set(TASK_RUNS.ENDED_AT, p(TASK_RUNS.ENDED_AT))
                .set(TASK_RUNS.SUMMARY, p(TASK_RUNS.SUMMARY))
                .set(TASK_RUNS.METADATA, p(TASK_RUNS.METADATA))
                .set(TASK_RUNS.ERROR, p(TASK_RUNS.ERROR))
                .set(TASK_RUNS.CLAIM_EXPIRES, (Instant) null)
                .where(TASK_RUNS.ID.eq(p(TASK_RUNS.ID)))
                .and(TASK_RUNS.ENDED_AT.isNull())
                .getSQL());
        c.put("RunStore.HEARTBEAT", SQL.update(TASK_RUNS)
                .set(TASK_RUNS.LAST_HEARTBEAT_AT, p(TASK_RUNS.LAST_HEARTBEAT_AT))
                .set(TASK_RUNS.CLAIM_EXPIRES, p(TASK_RUNS.CLAIM_EXPIRES))
                .where(TASK_RUNS.ID.eq(p(TASK_RUNS.ID)))
                .and(TASK_RUNS.ENDED_AT.isNull())
                .getSQL());
        c.put("RunStore.SET_WORKER", SQL.update(TASK_RUNS)
                .set(TASK_RUNS.WORKER_PID, p(TASK_RUNS.WORKER_PID))
                .set(TASK_RUNS.LOG_PATH, p(TASK_RUNS.LOG_PATH))
                .where(TASK_RUNS.ID.eq(p(TASK_RUNS.ID)))
                .getSQL());
        c.put("RunStore.BY_ID", SQL.select(COLUMNS).from(TASK_RUNS)
                .where(TASK_RUNS.ID.eq(p(TASK_RUNS.ID))).getSQL());
        c.put("RunStore.FOR_TASK", SQL.select(COLUMNS).from(TASK_RUNS)
                .where(TASK_RUNS.TASK_ID.eq(p(TASK_RUNS.TASK_ID)))
                .orderBy(TASK_RUNS.ID.asc()).getSQL());
    }

    private void defineEventStore(Map<String, String> c) {
        c.put("EventStore.APPEND", SQL.insertInto(TASK_EVENTS, TASK_EVENTS.TASK_ID, TASK_EVENTS.RUN_ID,
                TASK_EVENTS.KIND, TASK_EVENTS.PAYLOAD, TASK_EVENTS.CREATED_AT)
                .values(p(TASK_EVENTS.TASK_ID), p(TASK_EVENTS.RUN_ID), p(TASK_EVENTS.KIND), p(TASK_EVENTS.PAYLOAD),
                p(TASK_EVENTS.CREATED_AT))
                .getSQL());
        c.put("EventStore.SINCE", SQL.select(TASK_EVENTS.ID, TASK_EVENTS.TASK_ID, TASK_EVENTS.RUN_ID,
                TASK_EVENTS.KIND, TASK_EVENTS.PAYLOAD, TASK_EVENTS.CREATED_AT)
                .from(TASK_EVENTS)
                .where(TASK_EVENTS.ID.gt(p(TASK_EVENTS.ID)))
                .orderBy(TASK_EVENTS.ID.asc())
                .limit(p(DSL.field("lim", Integer.class)))
                .getSQL());
        c.put("EventStore.FOR_TASK", SQL.select(TASK_EVENTS.ID, TASK_EVENTS.TASK_ID, TASK_EVENTS.RUN_ID,
                TASK_EVENTS.KIND, TASK_EVENTS.PAYLOAD, TASK_EVENTS.CREATED_AT)
                .from(TASK_EVENTS)
                .where(TASK_EVENTS.TASK_ID.eq(p(TASK_EVENTS.TASK_ID)))
                .orderBy(TASK_EVENTS.ID.desc())
                .limit(p(DSL.field("lim", Integer.class)))
                .getSQL());
        c.put("EventStore.LATEST_ID", SQL.select(DSL.max(TASK_EVENTS.ID)).from(TASK_EVENTS).getSQL());
    }

    private void defineLinkStore(Map<String, String> c) {
        c.put("LinkStore.INSERT", SQL.insertInto(TASK_LINKS, TASK_LINKS.PARENT_ID, TASK_LINKS.CHILD_ID)
                .values(p(TASK_LINKS.PARENT_ID), p(TASK_LINKS.CHILD_ID))
                .onConflictDoNothing()
                .getSQL());
        c.put("LinkStore.DELETE", SQL.deleteFrom(TASK_LINKS)
                .where(TASK_LINKS.PARENT_ID.eq(p(TASK_LINKS.PARENT_ID)))
                .and(TASK_LINKS.CHILD_ID.eq(p(TASK_LINKS.CHILD_ID)))
                .getSQL());
        c.put("LinkStore.HAS_CHILDREN", SQL.selectOne().from(TASK_LINKS)
                .where(TASK_LINKS.PARENT_ID.eq(p(TASK_LINKS.PARENT_ID))).limit(1).getSQL());
        c.put("LinkStore.PARENTS", SQL.select(TASK_LINKS.PARENT_ID).from(TASK_LINKS)
                .where(TASK_LINKS.CHILD_ID.eq(p(TASK_LINKS.CHILD_ID))).orderBy(TASK_LINKS.PARENT_ID).getSQL());
        c.put("LinkStore.CHILDREN", SQL.select(TASK_LINKS.CHILD_ID).from(TASK_LINKS)
                .where(TASK_LINKS.PARENT_ID.eq(p(TASK_LINKS.PARENT_ID))).orderBy(TASK_LINKS.CHILD_ID).getSQL());
    }

    private void defineCommentStore(Map<String, String> c) {
        c.put("CommentStore.INSERT", SQL.insertInto(TASK_COMMENTS, TASK_COMMENTS.TASK_ID, TASK_COMMENTS.AUTHOR,
                TASK_COMMENTS.BODY, TASK_COMMENTS.CREATED_AT)
                .values(p(TASK_COMMENTS.TASK_ID), p(TASK_COMMENTS.AUTHOR), p(TASK_COMMENTS.BODY),
                p(TASK_COMMENTS.CREATED_AT))
                .getSQL() + Sql.RETURNING_ID);
        c.put("CommentStore.FOR_TASK", SQL.select(TASK_COMMENTS.ID, TASK_COMMENTS.TASK_ID, TASK_COMMENTS.AUTHOR,
                TASK_COMMENTS.BODY, TASK_COMMENTS.CREATED_AT)
                .from(TASK_COMMENTS)
                .where(TASK_COMMENTS.TASK_ID.eq(p(TASK_COMMENTS.TASK_ID)))
                .orderBy(TASK_COMMENTS.CREATED_AT.asc(), TASK_COMMENTS.ID.asc())
                .getSQL());
    }

    private void defineSubscriptionStore(Map<String, String> c) {
        Condition KEY = KANBAN_NOTIFY_SUBS.TASK_ID.eq(p(KANBAN_NOTIFY_SUBS.TASK_ID))
                .and(KANBAN_NOTIFY_SUBS.PLATFORM.eq(p(KANBAN_NOTIFY_SUBS.PLATFORM)))
                .and(KANBAN_NOTIFY_SUBS.CHAT_ID.eq(p(KANBAN_NOTIFY_SUBS.CHAT_ID)))
                .and(KANBAN_NOTIFY_SUBS.THREAD_ID.eq(p(KANBAN_NOTIFY_SUBS.THREAD_ID)));
        c.put("SubscriptionStore.UPSERT", SQL.insertInto(KANBAN_NOTIFY_SUBS, KANBAN_NOTIFY_SUBS.TASK_ID,
                KANBAN_NOTIFY_SUBS.PLATFORM, KANBAN_NOTIFY_SUBS.CHAT_ID, KANBAN_NOTIFY_SUBS.THREAD_ID,
                KANBAN_NOTIFY_SUBS.USER_ID, KANBAN_NOTIFY_SUBS.CREATED_AT, KANBAN_NOTIFY_SUBS.LAST_EVENT_ID)
                .values(p(KANBAN_NOTIFY_SUBS.TASK_ID), p(KANBAN_NOTIFY_SUBS.PLATFORM), p(KANBAN_NOTIFY_SUBS.CHAT_ID),
                p(KANBAN_NOTIFY_SUBS.THREAD_ID), p(KANBAN_NOTIFY_SUBS.USER_ID), p(KANBAN_NOTIFY_SUBS.CREATED_AT),
                p(KANBAN_NOTIFY_SUBS.LAST_EVENT_ID))
                .onConflictDoNothing()
                .getSQL());
        c.put("SubscriptionStore.DELETE", SQL.deleteFrom(KANBAN_NOTIFY_SUBS).where(KEY).getSQL());
        c.put("SubscriptionStore.ADVANCE", SQL.update(KANBAN_NOTIFY_SUBS)
                .set(KANBAN_NOTIFY_SUBS.LAST_EVENT_ID, p(KANBAN_NOTIFY_SUBS.LAST_EVENT_ID))
                .where(KEY)
                .and(KANBAN_NOTIFY_SUBS.LAST_EVENT_ID.lt(p(DSL.field("cursor", Long.class))))
                .getSQL());
        String SELECT = SQL.select(subscriptionColumns()).from(KANBAN_NOTIFY_SUBS).getSQL();
        c.put("SubscriptionStore.SELECT", SELECT);
        c.put("SubscriptionStore.ALL", SELECT + " order by created_at, task_id");
        c.put("SubscriptionStore.FOR_TASK", SELECT + " where task_id = ? order by created_at");
        c.put("SubscriptionStore.ONE", SELECT + " where task_id = ? and platform = ? and chat_id = ? and thread_id = ?");
    }

    private void defineDispatchStore(Map<String, String> c) {
        List<Field<?>> COLUMNS = taskColumns();
        c.put("DispatchStore.EXPIRED", SQL.select(TASKS.ID).from(TASKS)
                .where(TASKS.STATUS.eq(Status.RUNNING.wire()))
                .and(TASKS.CLAIM_EXPIRES.lt(p(TASKS.CLAIM_EXPIRES)))
                .orderBy(TASKS.CLAIM_EXPIRES.asc())
                .getSQL());
        c.put("DispatchStore.LOCAL_WORKERS", SQL.select(TASKS.ID, TASKS.WORKER_PID, TASKS.CURRENT_RUN_ID,
                TASKS.CLAIM_LOCK)
                .from(TASKS)
                .where(TASKS.STATUS.eq(Status.RUNNING.wire()))
                .and(TASKS.WORKER_PID.isNotNull())
                .and(TASKS.CLAIM_LOCK.like(p(TASKS.CLAIM_LOCK)))
                .getSQL());
        c.put("DispatchStore.READY_QUEUE", SQL.select(COLUMNS).from(TASKS)
                .where(TASKS.STATUS.eq(Status.READY.wire()))
                .and(TASKS.CLAIM_LOCK.isNull())
                .orderBy(TASKS.PRIORITY.desc(), TASKS.CREATED_AT.asc(), insertionOrder().asc())
                .limit(p(DSL.field("lim", Integer.class)))
                .getSQL());
        c.put("DispatchStore.RUNNING_PER_ASSIGNEE", SQL.select(TASKS.ASSIGNEE, DSL.count()).from(TASKS)
                .where(TASKS.STATUS.eq(Status.RUNNING.wire()))
                .groupBy(TASKS.ASSIGNEE)
                .getSQL());
        c.put("DispatchStore.OPEN_RUNS_WITH_LIMIT", SQL.select(TASK_RUNS.ID, TASK_RUNS.TASK_ID, TASK_RUNS.WORKER_PID,
                TASK_RUNS.STARTED_AT, TASK_RUNS.MAX_RUNTIME_SECONDS, TASK_RUNS.CLAIM_LOCK)
                .from(TASK_RUNS)
                .where(TASK_RUNS.STATUS.eq(RunStore.RUNNING))
                .and(TASK_RUNS.ENDED_AT.isNull())
                .and(TASK_RUNS.MAX_RUNTIME_SECONDS.isNotNull())
                .getSQL());
    }

    /** Reads with optional filters: a null parameter means "any", so one statement serves every filter. */
    private void defineQueries(Map<String, String> c) {
        List<Field<?>> columns = taskColumns();
        Field<String> statuses = DSL.param("statuses", String.class);
        Field<Integer> hideArchived = DSL.param("hide_archived", Integer.class);
        Field<String> assignee = DSL.param("assignee", String.class);
        Field<String> tenant = DSL.param("tenant", String.class);
        Field<Integer> limit = DSL.param("lim", Integer.class);
        // The board's cards are the list's rows, fewer columns: one filter and one order for both.
        Condition filter = statuses.isNull().or(TASKS.STATUS.in(jsonValues(statuses)))
                .and(hideArchived.eq(0).or(TASKS.STATUS.ne(Status.ARCHIVED.wire())))
                .and(assignee.isNull().or(TASKS.ASSIGNEE.eq(assignee)))
                .and(tenant.isNull().or(TASKS.TENANT.eq(tenant)));
        List<org.jooq.OrderField<?>> order = List.of(DSL.coalesce(TASKS.PRIORITY, 0).desc(), TASKS.CREATED_AT.asc(),
                insertionOrder().asc());
        c.put("TaskStore.LIST", SQL.select(columns).from(TASKS).where(filter).orderBy(order).limit(limit).getSQL());
        c.put("TaskStore.CARDS", SQL.select(cardColumns()).from(TASKS).where(filter).orderBy(order).limit(limit)
                .getSQL());
        c.put("TaskStore.COUNT", SQL.selectCount().from(TASKS).getSQL());
        Field<String> ids = DSL.param("ids", String.class);
        c.put("TaskStore.BY_IDS", SQL.select(columns).from(TASKS)
                .where(TASKS.ID.in(jsonValues(ids)))
                .orderBy(TASKS.CREATED_AT.asc(), insertionOrder().asc())
                .getSQL());
        c.put("TaskStore.SET_ASSIGNEE", SQL.update(TASKS).set(TASKS.ASSIGNEE, p(TASKS.ASSIGNEE))
                .where(TASKS.ID.eq(p(TASKS.ID))).getSQL());
        c.put("TaskStore.SET_PRIORITY", SQL.update(TASKS).set(TASKS.PRIORITY, p(TASKS.PRIORITY))
                .where(TASKS.ID.eq(p(TASKS.ID))).getSQL());
        c.put("TaskStore.EDIT", SQL.update(TASKS)
                .set(TASKS.TITLE, DSL.coalesce(p(TASKS.TITLE), TASKS.TITLE))
                .set(TASKS.BODY, DSL.coalesce(p(TASKS.BODY), TASKS.BODY))
                .where(TASKS.ID.eq(p(TASKS.ID))).getSQL());
        var activity = DSL.max(DSL.coalesce(TASKS.LAST_HEARTBEAT_AT, TASKS.COMPLETED_AT, TASKS.STARTED_AT,
                TASKS.CREATED_AT));
        c.put("ReportStore.CELLS", SQL.select(TASKS.ASSIGNEE, TASKS.STATUS, DSL.count(), activity).from(TASKS)
                .where(tenant.isNull().or(TASKS.TENANT.eq(tenant)))
                .groupBy(TASKS.ASSIGNEE, TASKS.STATUS)
                .getSQL());
    }

    /** The columns every subscription read selects; SubscriptionStore.map reads them by name. */
    static List<Field<?>> subscriptionColumns() {
        var s = KANBAN_NOTIFY_SUBS;
        return List.of(s.SUB_ID, s.TASK_ID, s.PLATFORM, s.CHAT_ID, s.THREAD_ID, s.USER_ID, s.CREATED_AT,
                s.LAST_EVENT_ID, s.SCOPE, s.SCOPE_TENANT, s.WITH_DESCENDANTS, s.EVENT_KINDS, s.LEASE_OWNER,
                s.LEASE_EXPIRES, s.FAILURES, s.RETRY_AT, s.LAST_ERROR);
    }

    /**
     * Notification delivery: subscriptions to targets, the per-subscription lease that keeps two notifier hosts
     * from sending the same event, the cursor moves, and the event reads for each scope.
     */
    private void defineNotifyDelivery(Map<String, String> c) {
        var s = KANBAN_NOTIFY_SUBS;
        String select = SQL.select(subscriptionColumns()).from(s).getSQL();
        c.put("SubscriptionStore.UPSERT_SCOPED", SQL.insertInto(s, s.TASK_ID, s.PLATFORM, s.CHAT_ID, s.THREAD_ID,
                s.USER_ID, s.CREATED_AT, s.LAST_EVENT_ID, s.SCOPE, s.SCOPE_TENANT, s.WITH_DESCENDANTS, s.EVENT_KINDS)
                .values(p(s.TASK_ID), p(s.PLATFORM), p(s.CHAT_ID), p(s.THREAD_ID), p(s.USER_ID), p(s.CREATED_AT),
                p(s.LAST_EVENT_ID), p(s.SCOPE), p(s.SCOPE_TENANT), p(s.WITH_DESCENDANTS), p(s.EVENT_KINDS))
                .onConflict(s.TASK_ID, s.PLATFORM, s.CHAT_ID, s.THREAD_ID)
                .doUpdate()
                .set(s.WITH_DESCENDANTS, DSL.excluded(s.WITH_DESCENDANTS))
                .set(s.EVENT_KINDS, DSL.excluded(s.EVENT_KINDS))
                .set(s.USER_ID, DSL.coalesce(DSL.excluded(s.USER_ID), s.USER_ID))
                .getSQL());
        c.put("SubscriptionStore.BY_SUB_ID", select + " where sub_id = ?");
        c.put("SubscriptionStore.DELETE_BY_SUB_ID", SQL.deleteFrom(s).where(s.SUB_ID.eq(p(s.SUB_ID))).getSQL());
        Field<String> owner = DSL.param("owner", String.class);
        Field<Instant> now = DSL.param("now", s.LEASE_EXPIRES.getDataType());
        Condition free = s.LEASE_OWNER.isNull().or(s.LEASE_OWNER.eq(owner)).or(s.LEASE_EXPIRES.lt(now));
        c.put("DeliveryStore.CLAIM", SQL.update(s)
                .set(s.LEASE_OWNER, p(s.LEASE_OWNER))
                .set(s.LEASE_EXPIRES, p(s.LEASE_EXPIRES))
                .where(s.SUB_ID.eq(p(s.SUB_ID)))
                .and(free)
                .getSQL());
        c.put("DeliveryStore.TAKE_OVER", SQL.update(s)
                .set(s.LEASE_OWNER, p(s.LEASE_OWNER))
                .set(s.LEASE_EXPIRES, p(s.LEASE_EXPIRES))
                .where(s.SUB_ID.eq(p(s.SUB_ID)))
                .and(s.LEASE_OWNER.eq(DSL.param("holder", String.class)))
                .getSQL());
        c.put("DeliveryStore.DELIVERED", SQL.update(s)
                .set(s.LAST_EVENT_ID, DSL.greatest(s.LAST_EVENT_ID, p(s.LAST_EVENT_ID)))
                .set(s.FAILURES, 0)
                .set(s.RETRY_AT, (Instant) null)
                .set(s.LAST_ERROR, (String) null)
                .set(s.LEASE_EXPIRES, p(s.LEASE_EXPIRES))
                .where(s.SUB_ID.eq(p(s.SUB_ID)))
                .and(s.LEASE_OWNER.eq(owner))
                .getSQL());
        c.put("DeliveryStore.SKIPPED", SQL.update(s)
                .set(s.LAST_EVENT_ID, DSL.greatest(s.LAST_EVENT_ID, p(s.LAST_EVENT_ID)))
                .set(s.LEASE_EXPIRES, p(s.LEASE_EXPIRES))
                .where(s.SUB_ID.eq(p(s.SUB_ID)))
                .and(s.LEASE_OWNER.eq(owner))
                .getSQL());
        c.put("DeliveryStore.FAILED", SQL.update(s)
                .set(s.FAILURES, s.FAILURES.plus(1))
                .set(s.RETRY_AT, p(s.RETRY_AT))
                .set(s.LAST_ERROR, p(s.LAST_ERROR))
                .where(s.SUB_ID.eq(p(s.SUB_ID)))
                .and(s.LEASE_OWNER.eq(owner))
                .getSQL());
        c.put("DeliveryStore.RELEASE", SQL.update(s)
                .set(s.LEASE_OWNER, (String) null)
                .set(s.LEASE_EXPIRES, (Instant) null)
                .where(s.LEASE_OWNER.eq(owner))
                .getSQL());
        var e = TASK_EVENTS;
        List<Field<?>> eventColumns = List.of(e.ID, e.TASK_ID, e.RUN_ID, e.KIND, e.PAYLOAD, e.CREATED_AT);
        Field<Long> after = DSL.param("after", Long.class);
        Field<Integer> lim = DSL.param("lim", Integer.class);
        c.put("DeliveryStore.LAST_EVENT_OF_TASK", SQL.select(DSL.max(e.ID)).from(e)
                .where(e.TASK_ID.eq(p(e.TASK_ID))).getSQL());
        c.put("DeliveryStore.EVENTS_OF_TASK", SQL.select(eventColumns).from(e)
                .where(e.TASK_ID.eq(p(e.TASK_ID))).and(e.ID.gt(after))
                .orderBy(e.ID.asc()).limit(lim).getSQL());
        var tree = DSL.name("tree").fields("id").as(
                DSL.select(p(TASKS.ID))
                        .union(DSL.select(TASK_LINKS.CHILD_ID).from(TASK_LINKS)
                                .join(DSL.table(DSL.name("tree"))).on(TASK_LINKS.PARENT_ID.eq(
                                        DSL.field(DSL.name("tree", "id"), String.class)))));
        c.put("DeliveryStore.EVENTS_OF_TREE", SQL.withRecursive(tree).select(eventColumns).from(e)
                .where(e.TASK_ID.in(DSL.select(DSL.field(DSL.name("tree", "id"), String.class)).from(tree)))
                .and(e.ID.gt(after))
                .orderBy(e.ID.asc()).limit(lim).getSQL());
        c.put("DeliveryStore.EVENTS_OF_TENANT", SQL.select(eventColumns).from(e)
                .join(TASKS).on(TASKS.ID.eq(e.TASK_ID))
                .where(TASKS.TENANT.eq(p(TASKS.TENANT))).and(e.ID.gt(after))
                .orderBy(e.ID.asc()).limit(lim).getSQL());
        c.put("DeliveryStore.EVENTS_OF_BOARD", SQL.select(eventColumns).from(e)
                .where(e.ID.gt(after))
                .orderBy(e.ID.asc()).limit(lim).getSQL());
    }

    /** The values of a JSON array parameter, as a one-column table. */
    private org.jooq.Select<org.jooq.Record1<String>> jsonValues(Field<String> jsonArray) {
        Field<String> value = DSL.field(DSL.name("value"), String.class);
        return switch (dialect) {
            case SQLITE -> DSL.select(value).from(DSL.table("json_each({0})", jsonArray));
            case POSTGRES -> DSL.select(value)
                    .from(DSL.table("json_array_elements_text(cast({0} as json)) as j(value)", jsonArray));
        };
    }

    /**
     * Ties in the queue break by insertion order: SQLite's implicit rowid, a real identity column of that name in
     * the PostgreSQL layout (jOOQ would render rowid() there as ctid, which moves when a row is updated).
     */
    private Field<?> insertionOrder() {
        return switch (dialect) {
            case SQLITE -> TASKS.rowid();
            case POSTGRES -> DSL.field(DSL.name(TASKS.getName(), "rowid"), Long.class);
        };
    }

    /**
     * Claim-next on PostgreSQL locks the row it picks and skips rows other claimers hold, so concurrent
     * claimers spread over the queue instead of queueing on its head. SQLite has one writer at a time.
     */
    private String claimQueue(org.jooq.SelectForUpdateStep<?> query) {
        return switch (dialect) {
            case SQLITE -> query.getSQL();
            case POSTGRES -> query.forUpdate().skipLocked().getSQL();
        };
    }

    /**
     * On PostgreSQL a write transaction reads the task it is about to change with a row lock, so two writers
     * of one task take turns, as every writer does on SQLite; see {@link Statements#WRITE_VARIANT}.
     */
    private String lockAll(org.jooq.SelectForUpdateStep<?> query) {
        return dialect == Dialect.POSTGRES ? query.forUpdate().getSQL() : query.getSQL();
    }

    private void lockedInWrites(Map<String, String> c, String key, org.jooq.SelectForUpdateStep<?> query) {
        c.put(key, query.getSQL());
        if (dialect == Dialect.POSTGRES) {
            c.put(key + Statements.WRITE_VARIANT, query.forUpdate().getSQL());
        }
    }

    /**
     * Every ready task with the start of its current ready spell (the newest event that changed its status, which
     * for a ready task is the one that made it ready) and the newest {@code stuck} event, if any.
     */
    /**
     * Kinds that move a task between statuses (ours and the reference's, which share these names). The newest of
     * them on a ready task is the one that made it ready; comments, heartbeats or edits do not reset its age.
     * (Kept here, not in HealthStore, whose statements this catalog renders before they exist.)
     */
    static final List<String> STATUS_CHANGING_KINDS = List.of(EventKind.CREATED, EventKind.PROMOTED,
                    EventKind.DEMOTED, EventKind.CLAIMED, EventKind.COMPLETED, EventKind.BLOCKED, EventKind.UNBLOCKED,
                    EventKind.ARCHIVED, EventKind.RECLAIMED, EventKind.CRASHED, EventKind.TIMED_OUT,
                    EventKind.SPAWN_FAILED, EventKind.GAVE_UP, EventKind.STATUS)
            .stream().map(EventKind::wire).toList();

    private void defineHealthStore(Map<String, String> c) {
        var changed = TASK_EVENTS.as("changed");
        var stuck = TASK_EVENTS.as("stuck");
        var x = TASK_EVENTS.as("x");
        var y = TASK_EVENTS.as("y");
        Field<String> tenant = DSL.param("tenant", String.class);
        // jOOQ's select builders are mutable: each statement gets its own.
        java.util.function.Supplier<org.jooq.SelectJoinStep<?>> spells = () -> SQL.select(TASKS.ID, TASKS.TITLE,
                        TASKS.ASSIGNEE, TASKS.CREATED_AT, TASKS.CONSECUTIVE_FAILURES, changed.ID, changed.CREATED_AT,
                        stuck.ID, stuck.CREATED_AT, stuck.PAYLOAD)
                .from(TASKS)
                .leftJoin(changed).on(changed.ID.eq(DSL.select(DSL.max(x.ID)).from(x)
                        .where(x.TASK_ID.eq(TASKS.ID)).and(x.KIND.in(STATUS_CHANGING_KINDS))))
                .leftJoin(stuck).on(stuck.ID.eq(DSL.select(DSL.max(y.ID)).from(y)
                        .where(y.TASK_ID.eq(TASKS.ID)).and(y.KIND.eq(EventKind.STUCK.wire()))));
        c.put("HealthStore.READY_SPELLS", spells.get()
                .where(TASKS.STATUS.eq(Status.READY.wire()))
                .and(tenant.isNull().or(TASKS.TENANT.eq(tenant)))
                .orderBy(TASKS.PRIORITY.desc(), TASKS.CREATED_AT.asc(), insertionOrder().asc())
                .getSQL());
        // One task's spell, for the re-check inside the write that reports it (a key lookup, not a queue scan).
        c.put("HealthStore.READY_SPELL", spells.get()
                .where(TASKS.ID.eq(p(TASKS.ID)))
                .and(TASKS.STATUS.eq(Status.READY.wire()))
                .getSQL());
    }
}
