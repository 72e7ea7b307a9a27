package io.kanban.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.Board;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.testing.MetricsHistory;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import io.kanban.core.testing.SettableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@OnEachBackend
class KanbanMetricsTest {
    final Board board;
    final SettableClock clock;
    final MeterRegistry registry = new SimpleMeterRegistry();

    KanbanMetricsTest(ScratchBoard scratch) {
        board = scratch.board();
        clock = scratch.clock();
    }

    double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    double events(String kind) {
        return registry.get("kanban.events").tag("kind", kind).functionCounter().count();
    }

    Timer timer(String name, String... tags) {
        return registry.get(name).tags(tags).timer();
    }

    @Test
    void after_a_scripted_history_every_meter_shows_what_happened() {
        KanbanMetrics metrics = new KanbanMetrics(board, Duration.ZERO);
        metrics.bindTo(registry);
        List<TickReport> ticks = MetricsHistory.play(board, clock);

        for (Status status : Status.values()) {
            assertEquals((double) MetricsHistory.CARDS.getOrDefault(status, 0L), gauge("kanban.cards", "status", status.wire()),
                    status.wire());
        }
        assertEquals(MetricsHistory.OLDEST_READY_AGE_SECONDS, gauge("kanban.ready.oldest.age"));
        assertEquals(MetricsHistory.RUNNING_WORKERS, gauge("kanban.workers.running"));
        assertEquals(MetricsHistory.NOTIFY_BACKLOG, gauge("kanban.notify.backlog"));
        assertEquals(MetricsHistory.CREATED, events("created"));
        assertEquals(MetricsHistory.SPAWNED, events("spawned"));
        assertEquals(MetricsHistory.CRASHED, events("crashed"));
        assertEquals(MetricsHistory.TIMED_OUT, events("timed_out"));
        assertEquals(MetricsHistory.GAVE_UP, events("gave_up"));
        assertEquals(0, events("completed"));

        // The script's own figures agree with the ticks' reports.
        assertEquals(MetricsHistory.SPAWNED, ticks.stream().mapToLong(t -> t.spawned().size()).sum());
        assertEquals(MetricsHistory.CRASHED, ticks.stream().mapToLong(t -> t.crashed().size()).sum());
        assertEquals(MetricsHistory.TIMED_OUT, ticks.stream().mapToLong(t -> t.timedOut().size()).sum());
        assertEquals(MetricsHistory.GAVE_UP, ticks.stream().mapToLong(t -> t.gaveUp().size()).sum());

        assertEquals(MetricsHistory.CLAIMS_WON, timer("kanban.claim", "outcome", "claimed").count());
        assertEquals(MetricsHistory.CLAIMS_MISSED, timer("kanban.claim", "outcome", "missed").count());
        assertEquals(MetricsHistory.TICKS, timer("kanban.dispatch.tick").count());
        assertEquals(ticks.stream().mapToLong(TickReport::elapsedMillis).sum(),
                (long) timer("kanban.dispatch.tick").totalTime(java.util.concurrent.TimeUnit.MILLISECONDS));
        assertTrue(timer("kanban.claim", "outcome", "claimed").totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) > 0);
    }

    @Test
    void the_board_is_read_once_per_refresh_by_the_board_clock() {
        new KanbanMetrics(board, Duration.ofSeconds(5)).bindTo(registry);
        assertEquals(0, gauge("kanban.cards", "status", "ready"));
        board.tasks().create(NewTask.titled("new").build());
        assertEquals(0, gauge("kanban.cards", "status", "ready"), "within the refresh the last read stands");
        assertEquals(0, events("created"));
        clock.advance(Duration.ofSeconds(5));
        assertEquals(1, gauge("kanban.cards", "status", "ready"));
        assertEquals(1, events("created"));
    }

    @Test
    void event_counts_cover_history_from_before_the_binder_and_keep_counting() {
        board.tasks().create(NewTask.titled("before").build());
        new KanbanMetrics(board, Duration.ZERO).bindTo(registry);
        assertEquals(1, events("created"));
        board.tasks().create(NewTask.titled("after").build());
        assertEquals(2, events("created"));
    }

    @Test
    void closed_metrics_stop_timing_claims() {
        KanbanMetrics metrics = new KanbanMetrics(board, Duration.ZERO);
        metrics.bindTo(registry);
        board.claims().claimNext(null);
        metrics.close();
        board.claims().claimNext(null);
        assertEquals(1, timer("kanban.claim", "outcome", "missed").count());
    }

    @Test
    void a_tenant_handle_is_refused_with_the_reason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KanbanMetrics(board.forTenant("acme")));
        assertTrue(e.getMessage().contains("acme"), e.getMessage());
    }
}
