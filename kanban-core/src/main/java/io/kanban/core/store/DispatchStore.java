package io.kanban.core.store;

import static io.kanban.core.store.jooq.Tables.TASKS;
import static io.kanban.core.store.jooq.Tables.TASK_RUNS;

import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/** The dispatcher's reads: expired claims, live workers, the ready queue and the load per assignee. */
public final class DispatchStore {

    private static final String EXPIRED = Statements.sql("DispatchStore.EXPIRED");

    /** Workers this host started: their claim lock is {@code <this host>:<pid>}. */
    private static final String LOCAL_WORKERS = Statements.sql("DispatchStore.LOCAL_WORKERS");

    /** A running task with a worker process on this host. */
    public record LocalWorker(String taskId, long pid, Long runId, String claimLock) {
    }

    private static final String READY_QUEUE = Statements.sql("DispatchStore.READY_QUEUE");

    private static final String RUNNING_PER_ASSIGNEE = Statements.sql("DispatchStore.RUNNING_PER_ASSIGNEE");

    private static final String OPEN_RUNS_WITH_LIMIT = Statements.sql("DispatchStore.OPEN_RUNS_WITH_LIMIT");

    /** An open run that has a runtime limit. */
    public record LimitedRun(long runId, String taskId, Long workerPid, Instant startedAt, long limitSeconds,
                             String claimLock) {
    }

    private DispatchStore() {
    }

    public static List<String> expiredClaims(Tx tx, Instant now) {
        return tx.query(EXPIRED, rs -> rs.getString(1), now);
    }

    public static List<LocalWorker> localWorkers(Tx tx, String hostname) {
        // LIKE's '_' may over-match a host name; callers compare the host exactly.
        String pattern = hostname + ":%";
        return tx.query(LOCAL_WORKERS, rs -> new LocalWorker(rs.getString(1), rs.getLong(2),
                TaskStore.nullableLong(rs, 3), rs.getString(4)), pattern);
    }

    public static List<Task> readyQueue(Tx tx, int limit) {
        return tx.query(READY_QUEUE, TaskStore::map, limit);
    }

    public static Map<String, Integer> runningPerAssignee(Tx tx) {
        Map<String, Integer> load = new HashMap<>();
        tx.query(RUNNING_PER_ASSIGNEE, rs -> load.put(rs.getString(1), rs.getInt(2)));
        return load;
    }

    public static List<LimitedRun> openRunsWithLimit(Tx tx) {
        return tx.query(OPEN_RUNS_WITH_LIMIT, rs -> new LimitedRun(rs.getLong(1), rs.getString(2),
                TaskStore.nullableLong(rs, rs.getMetaData().getColumnLabel(3)),
                TaskStore.instant(rs, rs.getMetaData().getColumnLabel(4)), rs.getLong(5), rs.getString(6)));
    }
}
