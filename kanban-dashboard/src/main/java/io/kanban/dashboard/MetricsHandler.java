package io.kanban.dashboard;

import io.javalin.http.Context;
import io.kanban.core.Board;
import io.kanban.core.metrics.KanbanMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * {@code GET /metrics}: the board's meters ({@link KanbanMetrics}) and this JVM's, in Prometheus text format. It
 * sits behind the same session token as the API (see {@link AccessGuard}): the dashboard has one listener and one
 * secret to guard, and Prometheus sends a bearer token ({@code authorization: credentials_file:}).
 */
final class MetricsHandler implements AutoCloseable {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KanbanMetrics board;

    MetricsHandler(Board board) {
        this.board = new KanbanMetrics(board);
        this.board.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    void get(Context ctx) {
        ctx.contentType(CONTENT_TYPE).result(registry.scrape());
    }

    @Override
    public void close() {
        board.close();
        registry.close();
    }
}
