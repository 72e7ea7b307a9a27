package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.dispatch.HealthReport;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.dispatch.TickReport.SkipReason;
import io.kanban.core.model.Attention;
import io.kanban.core.model.BoardStats;
import io.kanban.core.model.Event;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.StuckCause;
import io.kanban.core.model.StuckTask;
import io.kanban.core.model.Task;
import io.kanban.core.store.Json;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchDispatch;
import io.kanban.core.testing.SettableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stuck-queue telemetry: causes, one event per ready spell, stats and attention from the event log. */
@OnEachBackend
class HealthTest {
    static final Duration THRESHOLD = Duration.ofMinutes(5);

    final SettableClock clock;
    final Board board;
    final ScratchDispatch dispatch;
    DispatchPolicy policy = DispatchPolicy.defaults();

    HealthTest(ScratchDispatch dispatch) {
        this.dispatch = dispatch;
        clock = dispatch.clock();
        board = dispatch.board();
    }

    HealthReport tickAndCheck() {
        TickReport tick = dispatch.tick(policy);
        return board.health().check(tick, policy, THRESHOLD);
    }

    List<Event> stuckEvents(String taskId) {
        return board.events().forTask(taskId, 100).stream().filter(e -> e.kind().equals("stuck")).toList();
    }

    @Test
    void an_unknown_profile_is_skipped_without_a_claim_and_named_as_the_cause() {
        dispatch.launcher().removeProfile("ghost");
        Task task = board.tasks().create(NewTask.titled("haunted").assignee("ghost").build()).task();

        TickReport tick = dispatch.tick(policy);
        assertEquals(SkipReason.UNKNOWN_PROFILE, tick.skipped().get(0).reason());
        assertTrue(tick.skipped().get(0).detail().contains("ghost"), tick.skipped().get(0).detail());
        assertTrue(dispatch.launcher().launched().isEmpty(), "no doomed worker is started");
        Task after = board.tasks().get(task.id());
        assertEquals(Status.READY, after.status());
        assertEquals(0, after.consecutiveFailures(), "a skip is not a failed attempt");
        assertTrue(board.runs().of(task.id()).isEmpty());

        clock.advance(THRESHOLD.plusMinutes(1));
        HealthReport health = tickAndCheck();
        StuckTask stuck = health.stuck().get(0);
        assertEquals(StuckCause.UNKNOWN_PROFILE, stuck.cause());
        assertTrue(stuck.detail().contains("ghost"), stuck.detail());
        assertEquals(List.of(task.id()), health.newlyStuck());
    }

    @Test
    void a_stuck_event_is_written_once_when_the_condition_starts_not_every_tick() {
        Task task = board.tasks().create(NewTask.titled("orphan").build()).task();
        HealthReport early = tickAndCheck();
        assertTrue(early.healthy(), "not stuck before the threshold");
        assertTrue(stuckEvents(task.id()).isEmpty());

        clock.advance(THRESHOLD.plusSeconds(1));
        HealthReport first = tickAndCheck();
        assertEquals(List.of(task.id()), first.newlyStuck());
        assertEquals(StuckCause.UNASSIGNED, first.stuck().get(0).cause());
        clock.advance(Duration.ofMinutes(1));
        HealthReport second = tickAndCheck();
        assertEquals(1, second.stuck().size(), "still stuck");
        assertTrue(second.newlyStuck().isEmpty(), "but not reported again");

        List<Event> events = stuckEvents(task.id());
        assertEquals(1, events.size());
        JsonNode payload = Json.readOrNull(events.get(0).payload());
        assertEquals("unassigned", payload.get("cause").asText());
        assertEquals(THRESHOLD.toSeconds() + 1, payload.get("waiting_seconds").asLong());
        assertEquals(THRESHOLD.toSeconds(), payload.get("threshold_seconds").asLong());
    }

    @Test
    void a_new_ready_spell_can_be_reported_again() {
        Task task = board.tasks().create(NewTask.titled("orphan").build()).task();
        clock.advance(THRESHOLD.plusSeconds(1));
        tickAndCheck();
        board.tasks().move(task.id(), Status.BLOCKED, "wait");
        board.claims().unblock(task.id());
        assertTrue(board.health().stuckReady().isEmpty(), "unblocking starts a new ready spell");

        tickAndCheck();
        assertEquals(1, stuckEvents(task.id()).size(), "the new spell is younger than the threshold");
        clock.advance(THRESHOLD.plusSeconds(1));
        assertEquals(List.of(task.id()), tickAndCheck().newlyStuck());
        assertEquals(2, stuckEvents(task.id()).size());
    }

    @Test
    void limits_and_the_breaker_are_causes_and_a_dry_run_writes_nothing() {
        policy = policy.withFailureLimit(1);
        board.tasks().create(NewTask.titled("first").assignee("busy").priority(2).build());
        Task second = board.tasks().create(NewTask.titled("second").assignee("busy").build()).task();
        Task broken = board.tasks().create(NewTask.titled("broken").assignee("flaky").build()).task();
        dispatch.tick(policy); // first spawns
        board.dispatch().recordSpawnFailure(broken.id(), board.tasks().get(broken.id()).currentRunId(), "boom",
                policy);
        clock.advance(THRESHOLD.plusMinutes(1));

        policy = policy.withDryRun(true);
        HealthReport dry = tickAndCheck();
        assertTrue(dry.newlyStuck().isEmpty());
        assertTrue(stuckEvents(second.id()).isEmpty(), "a dry run records nothing");
        policy = policy.withDryRun(false);

        HealthReport health = tickAndCheck();
        assertEquals(StuckCause.ASSIGNEE_AT_LIMIT, cause(health, second.id()));
        assertTrue(detail(health, second.id()).contains("limit of 1"), detail(health, second.id()));
        assertEquals(StuckCause.BREAKER_OPEN, cause(health, broken.id()));
        assertTrue(detail(health, broken.id()).contains("boom"), detail(health, broken.id()));
        assertEquals(List.of(second.id()), health.newlyStuck(), "the breaker has its own gave_up event");
    }

    @Test
    void stats_list_reported_tasks_and_age_the_queue_from_when_tasks_became_ready() {
        Task parent = TestBoards.create(board, "parent");
        Task child = board.tasks().create(NewTask.titled("child").parents(List.of(parent.id())).build()).task();
        clock.advance(Duration.ofHours(2));
        board.claims().claim(parent.id());
        board.claims().complete(parent.id(), io.kanban.core.model.Completion.withSummary("done"));
        assertEquals(Status.READY, board.tasks().get(child.id()).status());
        clock.advance(Duration.ofMinutes(10));

        BoardStats stats = board.tasks().stats();
        assertEquals(600L, stats.oldestReadyAgeSeconds(), "aged from its promotion, not its creation");
        assertTrue(stats.stuck().isEmpty(), "nothing reported yet");
        List<Attention> attention = board.tasks().attention(Duration.ofMinutes(30));
        assertTrue(attention.stream().noneMatch(a -> a.taskId().equals(child.id())),
                "created two hours ago but ready for ten minutes: " + attention);

        tickAndCheck();
        stats = board.tasks().stats();
        assertEquals(1, stats.stuck().size());
        StuckTask s = stats.stuck().get(0);
        assertEquals(child.id(), s.taskId());
        assertEquals(StuckCause.UNASSIGNED, s.cause());
        assertEquals(clock.instant(), s.reportedAt());
        assertEquals(clock.instant().minus(Duration.ofMinutes(10)), s.readySince());
        Attention a = board.tasks().attention(Duration.ofMinutes(5)).stream()
                .filter(x -> x.taskId().equals(child.id())).findFirst().orElseThrow();
        assertEquals(Attention.Kind.STUCK_READY, a.kind());
        assertTrue(a.message().startsWith("ready for 10 min: no assignee"), a.message());

        board.tasks().assign(child.id(), "worker");
        tickAndCheck(); // spawns it
        assertTrue(board.tasks().stats().stuck().isEmpty(), "a claimed task is no longer stuck");
        assertNull(board.tasks().stats().oldestReadyAgeSeconds());
    }

    @Test
    void a_tenant_handle_sees_only_its_stuck_tasks() {
        board.tasks().create(NewTask.titled("ours").tenant("acme").build());
        board.tasks().create(NewTask.titled("theirs").tenant("other").build());
        clock.advance(THRESHOLD.plusSeconds(1));
        Board acme = board.forTenant("acme");
        HealthReport health = acme.health().check(acme.dispatch().tick(policy, dispatch.launcher(), dispatch.probe()),
                policy, THRESHOLD);
        assertEquals(1, health.stuck().size());
        assertEquals("ours", health.stuck().get(0).title());
        assertEquals(1, acme.tasks().stats().stuck().size());
        assertEquals(1, acme.health().stuckReady().size());
        assertFalse(board.health().stuckReady().stream().anyMatch(t -> t.title().equals("theirs")));
    }

    private static StuckCause cause(HealthReport h, String id) {
        return h.stuck().stream().filter(s -> s.taskId().equals(id)).findFirst().orElseThrow().cause();
    }

    private static String detail(HealthReport h, String id) {
        return h.stuck().stream().filter(s -> s.taskId().equals(id)).findFirst().orElseThrow().detail();
    }
}
