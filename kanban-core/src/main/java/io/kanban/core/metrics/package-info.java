/**
 * Metrics for hosts that embed a board: {@link io.kanban.core.metrics.KanbanMetrics} binds the board's gauges,
 * counters and timers to a Micrometer {@code MeterRegistry}. Micrometer is an optional dependency of
 * kanban-core: add {@code io.micrometer:micrometer-core} (and the registry of your monitoring system) to use
 * this package; nothing else in kanban-core loads it.
 */
package io.kanban.core.metrics;
