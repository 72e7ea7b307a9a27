package io.kanban.core.spi;

import java.time.Duration;
import java.util.Optional;

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

    /**
     * Why no worker can run as {@code profile} here (for Hermes: the profile does not exist), or empty when one
     * can. Core then leaves the task ready instead of starting workers that are bound to fail.
     */
    default Optional<String> unavailableProfile(String profile) {
        return Optional.empty();
    }
}
