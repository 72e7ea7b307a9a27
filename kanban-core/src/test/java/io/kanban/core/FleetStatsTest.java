package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.error.ValidationError;
import io.kanban.core.model.Completion;
import io.kanban.core.model.FleetStats;
import io.kanban.core.model.FleetStats.ProfileTimes;
import io.kanban.core.model.NewTask;
import io.kanban.core.spi.Liveness;
import io.kanban.core.testing.FakeProcessProbe;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import io.kanban.core.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Fleet view's figures, checked against a scripted history whose every number is known. */
@OnEachBackend
class FleetStatsTest {
    final Board board;
    final SettableClock clock;

    FleetStatsTest(ScratchBoard scratch) {
        board = scratch.board();
        clock = scratch.clock();
    }

    private void step(long seconds) {
        clock.advance(Duration.ofSeconds(seconds));
    }

    /** Created ready now, claimed after {@code wait} s, completed after {@code run} s more. */
    private void done(String profile, long wait, long run) {
        String id = board.tasks().create(NewTask.titled("work").assignee(profile).build()).task().id();
        step(wait);
        board.claims().claim(id).orElseThrow();
        step(run);
        board.claims().complete(id, Completion.withSummary("ok"));
    }

    /** The scripted history, in an hour-aligned window: a clock starting on the hour keeps buckets exact. */
    private Instant script() {
        Instant start = Instant.ofEpochSecond((clock.instant().getEpochSecond() / 3600 + 1) * 3600);
        clock.set(start);
        done("dev", 60, 300);   // dev waits 60, runs 300
        done("dev", 120, 100);  // dev waits 120, runs 100
        done("dev", 30, 500);   // dev waits 30, runs 500 -- three completions in the first hour
        step(3600);             // the next hour
        done("ops", 10, 20);    // ops waits 10, runs 20
        // ops: a spawn failure, then a crash, then the breaker gives up on a second spawn failure.
        DispatchPolicy policy = DispatchPolicy.defaults().withFailureLimit(3);
        String flaky = board.tasks().create(NewTask.titled("flaky").assignee("ops").build()).task().id();
        long run = board.claims().claim(flaky).orElseThrow().run().id();
        board.dispatch().recordSpawnFailure(flaky, run, "no such binary", policy);
        run = board.claims().claim(flaky).orElseThrow().run().id();
        board.dispatch().recordSpawned(flaky, run, 4242, null);
        FakeProcessProbe probe = new FakeProcessProbe();
        probe.set(4242, Liveness.GONE);
        step(40);
        board.dispatch().reclaimCrashed(policy, probe, new ArrayList<>());
        run = board.claims().claim(flaky).orElseThrow().run().id();
        board.dispatch().recordSpawnFailure(flaky, run, "no such binary", policy);
        step(5);
        return start;
    }

    @Test
    void a_scripted_history_gives_its_known_figures() {
        Instant start = script();
        FleetStats s = board.fleet().stats(Duration.ofHours(24));
        assertEquals(3600, s.bucketSeconds());
        assertEquals(4, s.completed());
        // Completions per hour: three in the first hour, one in the second.
        List<Long> perHour = s.completions().stream().map(FleetStats.Bucket::count).toList();
        assertEquals(List.of(3L, 1L), perHour);
        assertEquals(start, s.completions().get(0).start());

        ProfileTimes dev = s.profiles().stream().filter(p -> p.profile().equals("dev")).findFirst().orElseThrow();
        assertEquals(3, dev.waits());
        assertEquals(60L, dev.waitP50());   // of 30, 60, 120
        assertEquals(120L, dev.waitP90());
        assertEquals(120L, dev.waitMax());
        assertEquals(3, dev.runs());
        assertEquals(300L, dev.runP50());   // of 100, 300, 500
        assertEquals(500L, dev.runP90());
        ProfileTimes ops = s.profiles().stream().filter(p -> p.profile().equals("ops")).findFirst().orElseThrow();
        // Every ended run counts: 20 (completed), 0 (spawn failed), 40 (crashed), 0 (gave up).
        assertEquals(4, ops.runs());
        assertEquals(0L, ops.runP50());
        assertEquals(40L, ops.runP90());
        assertEquals(Map.of("spawn_failed", 1L, "crashed", 1L, "gave_up", 1L), s.failures().get("ops"));
        assertEquals(null, s.failures().get("dev"));
        assertEquals(1, s.failed("crashed"));
        assertEquals(0, s.failed("timed_out"));

        // Workers: buckets cover the window; each of the first hour's three runs is active in it.
        assertEquals(24 + 1, s.workers().size());
        assertEquals(3, s.workers().stream().filter(b -> b.start().equals(start)).findFirst().orElseThrow().count());
    }

    @Test
    void a_window_before_the_history_is_empty_and_a_bad_window_is_refused() {
        script();
        clock.advance(Duration.ofDays(3));
        FleetStats s = board.fleet().stats(Duration.ofHours(1));
        assertEquals(300, s.bucketSeconds());
        assertEquals(0, s.completed());
        assertEquals(List.of(), s.profiles());
        assertEquals(Map.of(), s.failures());
        assertEquals(12 + 1, s.workers().size());
        assertThrows(ValidationError.class, () -> board.fleet().stats(Duration.ZERO));
        assertThrows(ValidationError.class, () -> board.fleet().stats(Duration.ofDays(32)));
    }
}
