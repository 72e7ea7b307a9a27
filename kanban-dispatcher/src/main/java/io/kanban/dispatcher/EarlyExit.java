package io.kanban.dispatcher;

import java.time.Duration;

/** A worker that exited within the spawn grace period; whether it touched its task is the listener's call. */
public record EarlyExit(String taskId, long runId, long pid, int exitCode, Duration after, String logTail) {

    /**
     * The spawn-failure message recorded on the run.
     *
     * @return the message
     */
    public String message() {
        String base = "worker pid " + pid + " exited with code " + exitCode + " after " + after.toMillis()
                + " ms without touching the task";
        return logTail == null || logTail.isBlank() ? base : base + "; log ends: " + logTail;
    }

    /** Told about each early exit; called on a JDK process-reaper thread, so it must be quick and thread-safe. */
    @FunctionalInterface
    public interface Listener {
        /**
         * Hears one early exit.
         *
         * @param exit the exit
         */
        void onEarlyExit(EarlyExit exit);
    }
}
