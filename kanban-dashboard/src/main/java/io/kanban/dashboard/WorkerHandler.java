package io.kanban.dashboard;

import io.javalin.http.Context;
import io.kanban.core.Board;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.dispatch.WorkerInspection;
import io.kanban.core.error.ValidationError;
import io.kanban.core.spi.DispatcherProvider;
import io.kanban.core.spi.ProcessProbe;
import java.util.Map;
import java.util.Optional;

/**
 * The diagnostics panel's worker routes (the reference's recovery routes): the active workers, one run's
 * inspection (pid, alive, runtime, last heartbeat, log tail) and terminating a run's worker.
 */
final class WorkerHandler {
    static final int INSPECT_TAIL_BYTES = 4 * 1024;

    private final Board board;
    private final Optional<DispatcherProvider> provider;
    private final Map<String, String> env;

    WorkerHandler(Board board, Optional<DispatcherProvider> provider, Map<String, String> env) {
        this.board = board;
        this.provider = provider;
        this.env = env;
    }

    private ProcessProbe probe() {
        return provider.map(DispatcherProvider::processProbe).orElseGet(() -> pid -> ProcessHandle.of(pid)
                .map(h -> h.isAlive() ? io.kanban.core.spi.Liveness.ALIVE : io.kanban.core.spi.Liveness.GONE)
                .orElse(io.kanban.core.spi.Liveness.GONE));
    }

    /** {@code GET /api/workers/active}. */
    void active(Context ctx) {
        ctx.json(Map.of("workers", board.dispatch().activeWorkers(probe())));
    }

    /** {@code GET /api/runs/{runId}/inspect}. */
    void inspect(Context ctx) {
        long runId = runId(ctx);
        ctx.json(inspection(() -> board.dispatch().inspect(runId, probe(), INSPECT_TAIL_BYTES), runId));
    }

    /** {@code POST /api/runs/{runId}/terminate}: stop the worker, take the task back. */
    void terminate(Context ctx) {
        long runId = runId(ctx);
        if (provider.isEmpty()) {
            throw new ApiError(409, "no_dispatcher", "this dashboard has no dispatcher (kanban-dispatcher is not on"
                    + " the classpath) to stop workers with; use 'kanban reclaim'");
        }
        DispatchPolicy policy = provider.get().configuredPolicy(env);
        ctx.json(inspection(() -> board.dispatch().terminate(runId, provider.get().workerLauncher(board, env),
                probe(), policy.terminateGrace()), runId));
    }

    private static WorkerInspection inspection(java.util.function.Supplier<WorkerInspection> read, long runId) {
        try {
            return read.get();
        } catch (ValidationError e) {
            if ("run_id".equals(e.field())) {
                throw new ApiError(404, "run_not_found", "no run with id " + runId);
            }
            throw e;
        }
    }

    private static long runId(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("runId"));
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("run_id", "must be an integer, got '" + ctx.pathParam("runId") + "'");
        }
    }
}
