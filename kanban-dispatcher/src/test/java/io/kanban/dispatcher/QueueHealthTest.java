package io.kanban.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.dispatch.HealthReport;
import io.kanban.core.model.StuckCause;
import io.kanban.core.model.StuckTask;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The stuck-queue warning names each stuck task at most once per 300 s, however often the loop ticks. */
class QueueHealthTest {
    @RegisterExtension
    final DispatcherHome fx = new DispatcherHome();

    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

    private static HealthReport stuck(Instant at, String... ids) {
        List<StuckTask> tasks = java.util.Arrays.stream(ids).map(id -> new StuckTask(id, "title " + id, "dev",
                StuckCause.UNASSIGNED, "no assignee", at.minusSeconds(600), at)).toList();
        return new HealthReport(at, tasks, List.of());
    }

    @Test
    void each_stuck_task_is_warned_about_once_per_five_minutes_even_when_the_set_changes_every_tick() {
        QueueHealth health = new QueueHealth(fx.board, DispatchPolicy.defaults(), Duration.ofMinutes(5));

        assertEquals(List.of("a"), health.warn(stuck(T0, "a")));
        // One-second ticks: b joins, leaves and comes back; a stays stuck throughout.
        assertEquals(List.of("b"), health.warn(stuck(T0.plusSeconds(1), "a", "b")));
        assertEquals(List.of(), health.warn(stuck(T0.plusSeconds(2), "a")));
        assertEquals(List.of(), health.warn(stuck(T0.plusSeconds(3), "a", "b")));
        for (int s = 4; s < 300; s++) {
            assertEquals(List.of(), health.warn(stuck(T0.plusSeconds(s), "a", "b")), "tick at " + s + " s");
        }
        assertEquals(List.of("a"), health.warn(stuck(T0.plusSeconds(300), "a", "b")), "a again after 300 s");
        assertEquals(List.of("b"), health.warn(stuck(T0.plusSeconds(301), "a", "b")), "b 300 s after its warning");
        assertEquals(List.of(), health.warn(stuck(T0.plusSeconds(302))), "nothing stuck: nothing said");
    }
}
