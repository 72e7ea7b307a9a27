package io.kanban.core.store;

import static io.kanban.core.store.StatementSet.param;
import static io.kanban.core.store.jooq.Tables.TASKS;
import static io.kanban.core.store.jooq.Tables.TASK_RUNS;

import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The dispatcher's reads: expired claims, live workers, the ready queue and the load per assignee. */
public final class DispatchStore {

    private static final Sql EXPIRED = Sql.of(DispatchStore.class, "EXPIRED");

    /** Workers this host started: their claim lock is {@code <this host>:<pid>}. */
    private static final Sql LOCAL_WORKERS = Sql.of(DispatchStore.class, "LOCAL_WORKERS");

    /** Runs taken back (outcome reclaimed) since a time, whose worker process this host started. */
    private static final Sql TAKEN_BACK = Sql.of(DispatchStore.class, "TAKEN_BACK");

    /** A run taken back from its worker: the process may still be at work. */
    public record TakenBack(long runId, String taskId, long pid, String claimLock) {
    }

    /** A running task with a worker process on this host. */
    public record LocalWorker(String taskId, long pid, Long runId, String claimLock) {
    }

    private static final Sql READY_QUEUE = Sql.of(DispatchStore.class, "READY_QUEUE");

    /** Review cards waiting for a reviewer run, in the ready queue's order. */
    private static final Sql REVIEW_QUEUE = Sql.of(DispatchStore.class, "REVIEW_QUEUE");

    private static final Sql RUNNING_PER_ASSIGNEE = Sql.of(DispatchStore.class, "RUNNING_PER_ASSIGNEE");

    /** The latest rate-limited run end per profile since a time. */
    private static final Sql RATE_LIMITED_SINCE = Sql.of(DispatchStore.class, "RATE_LIMITED_SINCE");

    private static final Sql OPEN_RUNS_WITH_LIMIT = Sql.of(DispatchStore.class, "OPEN_RUNS_WITH_LIMIT");

    /** An open run that has a runtime limit. */
    public record LimitedRun(long runId, String taskId, Long workerPid, Instant startedAt, long limitSeconds,
                             String claimLock) {
    }

    private DispatchStore() {
    }

    /**
     * The running tasks whose claim expired before {@code now}.
     *
     * @param tx the open transaction
     * @param now the current time
     * @return their ids
     */
    public static List<String> expiredClaims(Tx tx, Instant now) {
        return tx.query(EXPIRED, rs -> rs.getString(1), now);
    }

    /**
     * Running tasks whose claim lock starts with {@code hostname:} and that have a worker pid.
     *
     * @param tx the open transaction
     * @param hostname this host's name
     * @return the workers
     */
    public static List<LocalWorker> localWorkers(Tx tx, String hostname) {
        // LIKE's '_' may over-match a host name; callers compare the host exactly.
        String pattern = hostname + ":%";
        return tx.query(LOCAL_WORKERS, rs -> new LocalWorker(rs.getString(1), rs.getLong(2),
                TaskStore.nullableLong(rs, 3), rs.getString(4)), pattern);
    }

    /**
     * @param tx the open transaction
     * @param hostname this host's name
     * @param since the earliest run end looked at
     * @return the runs
     */
    public static List<TakenBack> takenBack(Tx tx, String hostname, Instant since) {
        return tx.query(TAKEN_BACK, rs -> new TakenBack(rs.getLong(1), rs.getString(2), rs.getLong(3),
                rs.getString(4)), since, hostname + ":%");
    }

    /**
     * Ready tasks in claim order: priority first, then age.
     *
     * @param tx the open transaction
     * @param limit the most rows returned
     * @return the tasks
     */
    public static List<Task> readyQueue(Tx tx, int limit) {
        return tx.query(READY_QUEUE, TaskStore::map, limit);
    }

    /**
     * @param tx the open transaction
     * @param limit the most rows returned
     * @return the review cards
     */
    public static List<Task> reviewQueue(Tx tx, int limit) {
        return tx.query(REVIEW_QUEUE, TaskStore::map, limit);
    }

    /**
     * How many running tasks each assignee has.
     *
     * @param tx the open transaction
     * @return the count by assignee
     */
    public static Map<String, Integer> runningPerAssignee(Tx tx) {
        Map<String, Integer> load = new HashMap<>();
        tx.query(RUNNING_PER_ASSIGNEE, rs -> load.put(rs.getString(1), rs.getInt(2)));
        return load;
    }

    /**
     * Profile -> when its latest rate-limited run ended, for runs that ended at or after {@code since}.
     *
     * @param tx the open transaction
     * @param since the earliest run end looked at
     * @return the time by profile
     */
    public static Map<String, Instant> rateLimitedSince(Tx tx, Instant since) {
        Map<String, Instant> out = new HashMap<>();
        tx.query(RATE_LIMITED_SINCE, rs -> {
            String profile = rs.getString(1);
            Instant ended = TaskStore.instant(rs, 2);
            if (profile != null && ended != null) {
                out.put(profile, ended);
            }
            return null;
        }, since);
        return out;
    }

    /**
     * The open runs of tasks with a max runtime.
     *
     * @param tx the open transaction
     * @return the runs
     */
    public static List<LimitedRun> openRunsWithLimit(Tx tx) {
        return tx.query(OPEN_RUNS_WITH_LIMIT, rs -> new LimitedRun(rs.getLong(1), rs.getString(2),
                TaskStore.nullableLong(rs, rs.getMetaData().getColumnLabel(3)),
                TaskStore.instant(rs, rs.getMetaData().getColumnLabel(4)), rs.getLong(5), rs.getString(6)));
    }

    /** The statements above, written with jOOQ from the generated tables (see {@link StatementSource}). */
    static final class Definitions implements StatementSource {
        @Override
        public Class<?> store() {
            return DispatchStore.class;
        }

        @Override
        public void define(StatementSet s) {
            DSLContext sql = s.dsl();
            s.put("EXPIRED", sql.select(TASKS.ID).from(TASKS)
                    .where(TASKS.STATUS.eq(Status.RUNNING.wire()))
                    .and(TASKS.CLAIM_EXPIRES.lt(param(TASKS.CLAIM_EXPIRES)))
                    .orderBy(TASKS.CLAIM_EXPIRES.asc()));
            s.put("LOCAL_WORKERS", sql.select(TASKS.ID, TASKS.WORKER_PID, TASKS.CURRENT_RUN_ID, TASKS.CLAIM_LOCK)
                    .from(TASKS)
                    .where(TASKS.STATUS.eq(Status.RUNNING.wire()))
                    .and(TASKS.WORKER_PID.isNotNull())
                    .and(TASKS.CLAIM_LOCK.like(param(TASKS.CLAIM_LOCK))));
            s.put("READY_QUEUE", sql.select(TaskStore.Definitions.taskColumns()).from(TASKS)
                    .where(TASKS.STATUS.eq(Status.READY.wire()))
                    .and(TASKS.CLAIM_LOCK.isNull())
                    .orderBy(TASKS.PRIORITY.desc(), TASKS.CREATED_AT.asc(), s.insertionOrder().asc())
                    .limit(StatementSet.param("lim", Integer.class)));
            s.put("TAKEN_BACK", sql.select(TASK_RUNS.ID, TASK_RUNS.TASK_ID, TASK_RUNS.WORKER_PID, TASK_RUNS.CLAIM_LOCK)
                    .from(TASK_RUNS)
                    .where(TASK_RUNS.OUTCOME.eq(RunOutcome.RECLAIMED.wire()))
                    .and(TASK_RUNS.WORKER_PID.isNotNull())
                    .and(TASK_RUNS.ENDED_AT.ge(param(TASK_RUNS.ENDED_AT)))
                    .and(TASK_RUNS.CLAIM_LOCK.like(param(TASK_RUNS.CLAIM_LOCK))));
            s.put("REVIEW_QUEUE", sql.select(TaskStore.Definitions.taskColumns()).from(TASKS)
                    .where(TASKS.STATUS.eq(Status.REVIEW.wire()))
                    .and(TASKS.CLAIM_LOCK.isNull())
                    .orderBy(TASKS.PRIORITY.desc(), TASKS.CREATED_AT.asc(), s.insertionOrder().asc())
                    .limit(StatementSet.param("lim", Integer.class)));
            s.put("RUNNING_PER_ASSIGNEE", sql.select(TASKS.ASSIGNEE, DSL.count()).from(TASKS)
                    .where(TASKS.STATUS.eq(Status.RUNNING.wire()))
                    .groupBy(TASKS.ASSIGNEE));
            s.put("RATE_LIMITED_SINCE", sql.select(TASK_RUNS.PROFILE, DSL.max(TASK_RUNS.ENDED_AT).as("ended_at"))
                    .from(TASK_RUNS)
                    .where(TASK_RUNS.OUTCOME.eq(RunOutcome.RATE_LIMITED.wire()))
                    .and(TASK_RUNS.ENDED_AT.ge(param(TASK_RUNS.ENDED_AT)))
                    .groupBy(TASK_RUNS.PROFILE));
            s.put("OPEN_RUNS_WITH_LIMIT", sql.select(TASK_RUNS.ID, TASK_RUNS.TASK_ID, TASK_RUNS.WORKER_PID,
                            TASK_RUNS.STARTED_AT, TASK_RUNS.MAX_RUNTIME_SECONDS, TASK_RUNS.CLAIM_LOCK)
                    .from(TASK_RUNS)
                    .where(TASK_RUNS.STATUS.eq(RunStore.RUNNING))
                    .and(TASK_RUNS.ENDED_AT.isNull())
                    .and(TASK_RUNS.MAX_RUNTIME_SECONDS.isNotNull()));
        }
    }
}
