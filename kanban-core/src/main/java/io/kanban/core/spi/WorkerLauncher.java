package io.kanban.core.spi;

import java.time.Duration;

/** Starts and stops worker processes. Implemented by kanban-dispatcher; core decides when. */
public interface WorkerLauncher {

    /** Starts a worker for a claimed task and returns at once; the worker outlives the caller. */
    LaunchedWorker launch(LaunchRequest request) throws LaunchFailure;

    /**
     * Stops a worker that ran past its limit: a polite signal, then a forced kill after {@code grace}.
     *
     * @return true when the forced kill was needed
     */
    boolean terminate(long pid, Duration grace);
}
