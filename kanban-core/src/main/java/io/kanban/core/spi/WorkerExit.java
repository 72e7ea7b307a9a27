package io.kanban.core.spi;

/**
 * How a worker process ended, as far as the host knows: its exit code (null when it was killed by a signal or
 * nobody saw it exit) and the last thing it printed (null or empty when unknown). Core's crash sweep reads it to
 * tell a rate limit, a terminal provider error and a clean exit without a report from a crash.
 */
public record WorkerExit(Integer exitCode, String lastOutput) {
}
