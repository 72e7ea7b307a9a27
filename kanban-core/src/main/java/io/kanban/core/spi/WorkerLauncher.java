package io.kanban.core.spi;

import java.time.Duration;
import java.util.Optional;

/** Starts and stops worker processes. Implemented by kanban-dispatcher; core decides when. */
public interface WorkerLauncher {

    /**
     * Starts a worker for a claimed task and returns at once; the worker outlives the caller. The worker reports
     * through the board with the run id it is given.
     *
     * @param request the claimed task, its open run and the board location to give the worker
     * @return the worker's pid (what {@link ProcessProbe} and {@link #terminate} are given later) and its log
     * @throws LaunchFailure if the worker cannot start; the message is recorded on the run and counts toward the
     *         circuit breaker
     */
    LaunchedWorker launch(LaunchRequest request) throws LaunchFailure;

    /**
     * Stops a worker that ran past its limit: a polite signal, then a forced kill after {@code grace}.
     *
     * @param pid the pid {@link #launch} returned
     * @param grace how long the worker may take to stop by itself
     * @return true when the forced kill was needed
     */
    boolean terminate(long pid, Duration grace);

    /**
     * Why no worker can run as {@code profile} here (for Hermes: the profile does not exist), or empty when one
     * can. Core then leaves the task ready instead of starting workers that are bound to fail.
     *
     * @param profile the task's assignee
     * @return the reason, or empty when workers can run as {@code profile}
     */
    default Optional<String> unavailableProfile(String profile) {
        return Optional.empty();
    }

    /**
     * How a worker this host started ended, once a {@link ProcessProbe} says it is gone: from the process itself
     * when this launcher started it, else from what the worker left in its log. Empty when unknown; core then
     * records a plain crash.
     *
     * @param pid the pid {@link #launch} returned
     * @param runId the run the worker was started for
     * @param logPath the run's log, or null
     * @return the exit, or empty when unknown
     */
    default Optional<WorkerExit> exitOf(long pid, long runId, String logPath) {
        return Optional.empty();
    }
}
