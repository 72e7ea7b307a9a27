package io.kanban.core.spi;

/** A started worker process: its pid and where its output goes (null if nowhere). */
public record LaunchedWorker(long pid, String logPath) {
}
