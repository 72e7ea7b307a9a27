package io.kanban.core.store;

import static io.kanban.core.store.TaskStore.instant;
import static io.kanban.core.store.TaskStore.nullableLong;
import static io.kanban.core.store.TaskStore.seconds;
import static io.kanban.core.store.jooq.Tables.TASK_RUNS;

import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/** Every statement on {@code task_runs}: one row per attempt, never deleted while its task lives. */
public final class RunStore {
    public static final String RUNNING = "running";

    private static final String OPEN = Statements.sql("RunStore.OPEN");

    /** A run that records an outcome without ever having been claimed (complete/block of a ready task). */
    private static final String RECORD_CLOSED = Statements.sql("RunStore.RECORD_CLOSED");

    private static final String CLOSE = Statements.sql("RunStore.CLOSE");

    private static final String HEARTBEAT = Statements.sql("RunStore.HEARTBEAT");

    private static final String SET_WORKER = Statements.sql("RunStore.SET_WORKER");

    private static final String BY_ID = Statements.sql("RunStore.BY_ID");

    private static final String FOR_TASK = Statements.sql("RunStore.FOR_TASK");

    private RunStore() {
    }

    public static long open(Tx tx, String taskId, String profile, String lock, Instant expires, Long workerPid,
                            Duration maxRuntime, Instant now) {
        return tx.queryLong(OPEN, taskId, profile, lock, expires, workerPid, maxRuntime, now);
    }

    public static long recordClosed(Tx tx, String taskId, String profile, RunOutcome outcome, Instant now,
                                    String summary, String metadata, String error) {
        return tx.queryLong(RECORD_CLOSED, taskId, profile, outcome.runStatus(), now, now, outcome.wire(), summary,
                metadata, error);
    }

    /** @return true when the run was open and is now closed */
    public static boolean close(Tx tx, long runId, RunOutcome outcome, Instant now, String summary, String metadata,
                                String error) {
        return tx.update(CLOSE, outcome.runStatus(), outcome.wire(), now, summary, metadata, error, runId) == 1;
    }

    public static void heartbeat(Tx tx, long runId, Instant now, Instant expires) {
        tx.update(HEARTBEAT, now, expires, runId);
    }

    public static void setWorker(Tx tx, long runId, long pid, String logPath) {
        tx.update(SET_WORKER, pid, logPath, runId);
    }

    public static Optional<Run> find(Tx tx, long runId) {
        return tx.queryOne(BY_ID, RunStore::map, runId);
    }

    public static List<Run> forTask(Tx tx, String taskId) {
        return tx.query(FOR_TASK, RunStore::map, taskId);
    }

    static Run map(ResultSet rs) throws SQLException {
        String outcome = rs.getString("outcome");
        RunOutcome parsed = null;
        if (outcome != null) {
            try {
                parsed = RunOutcome.fromWire(outcome);
            } catch (IllegalArgumentException ignored) {
                // an outcome from a newer kernel: the run's status column still tells the story
            }
        }
        return new Run(
                rs.getLong("id"),
                rs.getString("task_id"),
                rs.getString("profile"),
                rs.getString("status"),
                rs.getString("claim_lock"),
                instant(rs, "claim_expires"),
                nullableLong(rs, "worker_pid"),
                seconds(rs, "max_runtime_seconds"),
                instant(rs, "last_heartbeat_at"),
                instant(rs, "started_at"),
                instant(rs, "ended_at"),
                parsed,
                rs.getString("summary"),
                rs.getString("metadata"),
                rs.getString("error"),
                rs.getString("log_path"));
    }
}
