package io.kanban.core.store;

import static io.kanban.core.store.StatementSet.param;
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
import org.jooq.impl.DSL;

/** Every statement on {@code task_runs}: one row per attempt, never deleted while its task lives. */
public final class RunStore {
    /** The status of an open run in {@code task_runs.status}. */
    public static final String RUNNING = "running";

    private static final Sql OPEN = Sql.of(RunStore.class, "OPEN");

    /** A run that records an outcome without ever having been claimed (complete/block of a ready task). */
    private static final Sql RECORD_CLOSED = Sql.of(RunStore.class, "RECORD_CLOSED");

    private static final Sql CLOSE = Sql.of(RunStore.class, "CLOSE");

    private static final Sql HEARTBEAT = Sql.of(RunStore.class, "HEARTBEAT");

    private static final Sql SET_WORKER = Sql.of(RunStore.class, "SET_WORKER");

    private static final Sql BY_ID = Sql.of(RunStore.class, "BY_ID");

    private static final Sql FOR_TASK = Sql.of(RunStore.class, "FOR_TASK");

    private static final Sql SET_LATEST_SUMMARY = Sql.of(RunStore.class, "SET_LATEST_SUMMARY");

    private RunStore() {
    }

    /**
     * Opens a run for a claim. Its id is not returned: the claim's task update reads it (see
     * {@link TaskStore#claim}), which lets PostgreSQL send this insert in the same round trip as that update.
     *
     * @param tx the open transaction
     * @param taskId the task's id
     * @param profile who works on it, or null
     * @param lock the claim lock
     * @param expires when the claim lapses without a heartbeat
     * @param workerPid the worker's pid if known, or null
     * @param maxRuntime the task's runtime limit, or null
     * @param now when
     */
    public static void open(Tx tx, String taskId, String profile, String lock, Instant expires, Long workerPid,
                            Duration maxRuntime, Instant now) {
        tx.updateAtCommit(OPEN, taskId, profile, lock, expires, workerPid, maxRuntime, now);
    }

    /**
     * Records a run that ends as it starts: an outcome for a task that was never claimed (a ready task completed
     * or blocked by hand).
     *
     * @param tx the open transaction
     * @param taskId the task's id
     * @param profile the assignee, or null
     * @param outcome how it ended
     * @param now when
     * @param summary the summary, or null
     * @param metadata JSON object text, or null
     * @param error the error, or null
     * @return the new run's id
     */
    public static long recordClosed(Tx tx, String taskId, String profile, RunOutcome outcome, Instant now,
                                    String summary, String metadata, String error) {
        return tx.queryLong(RECORD_CLOSED, taskId, profile, outcome.runStatus(), now, now, outcome.wire(), summary,
                metadata, error);
    }

    /**
     * @return true when the run was open and is now closed
     *
     * @param tx the open transaction
     * @param runId the run's id
     * @param outcome how it ended
     * @param now when
     * @param summary the summary, or null
     * @param metadata JSON object text, or null
     * @param error the error, or null
     */
    public static boolean close(Tx tx, long runId, RunOutcome outcome, Instant now, String summary, String metadata,
                                String error) {
        return tx.update(CLOSE, outcome.runStatus(), outcome.wire(), now, summary, metadata, error, runId) == 1;
    }

    /**
     * Records a heartbeat on the run and moves its claim's expiry.
     *
     * @param tx the open transaction
     * @param runId the run's id
     * @param now when
     * @param expires the claim's new expiry
     */
    public static void heartbeat(Tx tx, long runId, Instant now, Instant expires) {
        tx.update(HEARTBEAT, now, expires, runId);
    }

    /**
     * @param tx the open transaction
     * @param runId the run's id
     * @param pid the worker's process id
     * @param logPath its log file, or null
     */
    public static void setWorker(Tx tx, long runId, long pid, String logPath) {
        tx.update(SET_WORKER, pid, logPath, runId);
    }

    /**
     * Rewrites the summary of the task's newest run; false when it has none.
     *
     * @param tx the open transaction
     * @param taskId the task's id
     * @param summary the new summary
     * @return whether a run was changed
     */
    public static boolean setLatestSummary(Tx tx, String taskId, String summary) {
        return tx.update(SET_LATEST_SUMMARY, summary, taskId) == 1;
    }

    /**
     * @param tx the open transaction
     * @param runId the run's id
     * @return the run, or empty
     */
    public static Optional<Run> find(Tx tx, long runId) {
        return tx.queryOne(BY_ID, RunStore::map, runId);
    }

    /**
     * @param tx the open transaction
     * @param taskId the task's id
     * @return the task's runs
     */
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

    /** The statements above, written with jOOQ from the generated tables (see {@link StatementSource}). */
    static final class Definitions implements StatementSource {
        @Override
        public Class<?> store() {
            return RunStore.class;
        }

        /** The columns every run read selects; {@link #map} reads them by name. */
        private static List<Field<?>> runColumns() {
            return List.of(TASK_RUNS.ID, TASK_RUNS.TASK_ID, TASK_RUNS.PROFILE,
                    TASK_RUNS.STATUS, TASK_RUNS.CLAIM_LOCK, TASK_RUNS.CLAIM_EXPIRES, TASK_RUNS.WORKER_PID,
                    TASK_RUNS.MAX_RUNTIME_SECONDS, TASK_RUNS.LAST_HEARTBEAT_AT, TASK_RUNS.STARTED_AT,
                    TASK_RUNS.ENDED_AT, TASK_RUNS.OUTCOME, TASK_RUNS.SUMMARY, TASK_RUNS.METADATA, TASK_RUNS.ERROR,
                    TASK_RUNS.LOG_PATH);
        }

        @Override
        public void define(StatementSet s) {
            DSLContext sql = s.dsl();
            List<Field<?>> columns = runColumns();
            s.put("OPEN", sql.insertInto(TASK_RUNS, TASK_RUNS.TASK_ID, TASK_RUNS.PROFILE,
                            TASK_RUNS.STATUS, TASK_RUNS.CLAIM_LOCK, TASK_RUNS.CLAIM_EXPIRES, TASK_RUNS.WORKER_PID,
                            TASK_RUNS.MAX_RUNTIME_SECONDS, TASK_RUNS.STARTED_AT)
                    .values(param(TASK_RUNS.TASK_ID), param(TASK_RUNS.PROFILE), DSL.inline(RUNNING),
                            param(TASK_RUNS.CLAIM_LOCK), param(TASK_RUNS.CLAIM_EXPIRES), param(TASK_RUNS.WORKER_PID),
                            param(TASK_RUNS.MAX_RUNTIME_SECONDS), param(TASK_RUNS.STARTED_AT)));
            s.putReturningId("RECORD_CLOSED", sql.insertInto(TASK_RUNS, TASK_RUNS.TASK_ID, TASK_RUNS.PROFILE,
                            TASK_RUNS.STATUS, TASK_RUNS.STARTED_AT, TASK_RUNS.ENDED_AT, TASK_RUNS.OUTCOME,
                            TASK_RUNS.SUMMARY, TASK_RUNS.METADATA, TASK_RUNS.ERROR)
                    .values(param(TASK_RUNS.TASK_ID), param(TASK_RUNS.PROFILE), param(TASK_RUNS.STATUS),
                            param(TASK_RUNS.STARTED_AT), param(TASK_RUNS.ENDED_AT), param(TASK_RUNS.OUTCOME),
                            param(TASK_RUNS.SUMMARY), param(TASK_RUNS.METADATA), param(TASK_RUNS.ERROR)));
            s.put("CLOSE", sql.update(TASK_RUNS)
                    .set(TASK_RUNS.STATUS, param(TASK_RUNS.STATUS))
                    .set(TASK_RUNS.OUTCOME, param(TASK_RUNS.OUTCOME))
                    .set(TASK_RUNS.ENDED_AT, param(TASK_RUNS.ENDED_AT))
                    .set(TASK_RUNS.SUMMARY, param(TASK_RUNS.SUMMARY))
                    .set(TASK_RUNS.METADATA, param(TASK_RUNS.METADATA))
                    .set(TASK_RUNS.ERROR, param(TASK_RUNS.ERROR))
                    .set(TASK_RUNS.CLAIM_EXPIRES, (Instant) null)
                    .where(TASK_RUNS.ID.eq(param(TASK_RUNS.ID)))
                    .and(TASK_RUNS.ENDED_AT.isNull()));
            var newest = TASK_RUNS.as("newest");
            s.put("SET_LATEST_SUMMARY", sql.update(TASK_RUNS)
                    .set(TASK_RUNS.SUMMARY, param(TASK_RUNS.SUMMARY))
                    .where(TASK_RUNS.ID.eq(DSL.select(DSL.max(newest.ID)).from(newest)
                            .where(newest.TASK_ID.eq(param(TASK_RUNS.TASK_ID))))));
            s.put("HEARTBEAT", sql.update(TASK_RUNS)
                    .set(TASK_RUNS.LAST_HEARTBEAT_AT, param(TASK_RUNS.LAST_HEARTBEAT_AT))
                    .set(TASK_RUNS.CLAIM_EXPIRES, param(TASK_RUNS.CLAIM_EXPIRES))
                    .where(TASK_RUNS.ID.eq(param(TASK_RUNS.ID)))
                    .and(TASK_RUNS.ENDED_AT.isNull()));
            s.put("SET_WORKER", sql.update(TASK_RUNS)
                    .set(TASK_RUNS.WORKER_PID, param(TASK_RUNS.WORKER_PID))
                    .set(TASK_RUNS.LOG_PATH, param(TASK_RUNS.LOG_PATH))
                    .where(TASK_RUNS.ID.eq(param(TASK_RUNS.ID))));
            s.put("BY_ID", sql.select(columns).from(TASK_RUNS).where(TASK_RUNS.ID.eq(param(TASK_RUNS.ID))));
            s.put("FOR_TASK", sql.select(columns).from(TASK_RUNS)
                    .where(TASK_RUNS.TASK_ID.eq(param(TASK_RUNS.TASK_ID)))
                    .orderBy(TASK_RUNS.ID.asc()));
        }
    }
}
