package io.kanban.core;

import io.kanban.core.error.ValidationError;
import io.kanban.core.model.Run;
import io.kanban.core.store.RunStore;
import java.util.List;

/** The attempts at a task, oldest first; every attempt stays on record. */
public final class Runs {
    private final BoardContext ctx;

    Runs(BoardContext ctx) {
        this.ctx = ctx;
    }

    /**
     * The task's runs.
     *
     * @param taskId the task's id
     * @return the runs
     */
    public List<Run> of(String taskId) {
        return ctx.db.read(tx -> {
            ctx.require(tx, taskId);
            return RunStore.forTask(tx, taskId);
        });
    }

    /**
     * Reads one run.
     *
     * @param runId the run's id
     * @return the run
     * @throws ValidationError naming {@code run_id} if there is no such run
     */
    public Run get(long runId) {
        return ctx.db.read(tx -> {
            Run run = RunStore.find(tx, runId)
                    .orElseThrow(() -> new ValidationError("run_id", "no run with id " + runId));
            ctx.require(tx, run.taskId());
            return run;
        });
    }
}
