package io.kanban.dispatcher;

import static io.kanban.dispatcher.DispatcherHome.tickUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.dispatch.TickReport.SkipReason;
import io.kanban.core.model.Event;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reference's exit-code rules, with real worker processes: 75 is a rate limit (not counted, the profile cools
 * down), 78 a terminal provider error (trips at once), 0 without a report a protocol violation on a budget of 3,
 * and three crashes with one error in one tick trip at once.
 */
class WorkerExitRulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final DispatcherHome fx = new DispatcherHome();

    private Task create(String title, String assignee, String body) {
        return fx.board.tasks().create(NewTask.titled(title).assignee(assignee).body(body).build()).task();
    }

    private JsonNode lastEvent(String taskId, String kind) throws Exception {
        List<Event> events = fx.board.events().forTask(taskId, 1_000).stream().filter(e -> e.kind().equals(kind))
                .toList();
        assertFalse(events.isEmpty(), "no " + kind + " event on " + taskId + ": " + fx.eventKinds(taskId));
        return JSON.readTree(events.get(events.size() - 1).payload());
    }

    private static void awaitDead(long pid) {
        DispatcherHome.await(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), "pid " + pid + " exits");
    }

    @Test
    void exit_75_requeues_as_rate_limited_without_counting_and_the_profile_cools_down() throws Exception {
        Task limited = create("quota wall", "alpha", "exit-code:75");
        DispatcherService dispatcher = fx.dispatcher(fx.config().failureLimit(1).build());

        dispatcher.tickOnce();
        tickUntil(dispatcher, () -> fx.runs(limited.id()).get(0).outcome() != null, "the rate-limited run to end");

        Run run = fx.runs(limited.id()).get(0);
        assertEquals(RunOutcome.RATE_LIMITED, run.outcome());
        assertEquals("rate_limited", run.status());
        Task after = fx.board.tasks().get(limited.id());
        assertEquals(Status.READY, after.status());
        assertEquals(0, after.consecutiveFailures(), "a rate limit must not count toward the breaker");
        assertTrue(after.lastFailureError().contains("rate-limited"), after.lastFailureError());
        assertEquals(75, lastEvent(limited.id(), "rate_limited").get("exit_code").asInt());
        assertFalse(fx.eventKinds(limited.id()).contains("gave_up"));

        // The profile cools down (300 s by default); a card of another profile still spawns.
        Task other = create("other profile", "beta", "complete");
        Task sameProfile = create("same profile", "alpha", "complete");
        TickReport next = dispatcher.tickOnce();
        assertEquals(List.of(other.id()), next.spawned().stream().map(TickReport.Spawn::taskId).toList());
        List<TickReport.Skip> cooling = next.skipped().stream()
                .filter(s -> s.reason() == SkipReason.RATE_LIMIT_COOLDOWN).toList();
        assertEquals(java.util.Set.of(limited.id(), sameProfile.id()),
                cooling.stream().map(TickReport.Skip::taskId).collect(Collectors.toSet()));
        assertTrue(cooling.get(0).detail().contains("profile 'alpha' was rate-limited"), cooling.get(0).detail());
        dispatcher.tickOnce();
        assertEquals(1, fx.eventKinds(sameProfile.id()).stream().filter("respawn_guarded"::equals).count(),
                "one respawn_guarded event per cooldown, not one per tick");
        assertEquals("rate_limit_cooldown", lastEvent(sameProfile.id(), "respawn_guarded").get("reason").asText());
        assertEquals(1, fx.runs(limited.id()).size());
    }

    @Test
    void after_the_cooldown_the_rate_limited_card_spawns_again() {
        Task task = create("quota wall once", "alpha", "exit-code:75");
        DispatcherService dispatcher = fx.dispatcher(fx.config().rateLimitCooldown(Duration.ofSeconds(2)).build());

        dispatcher.tickOnce();
        tickUntil(dispatcher, () -> fx.runs(task.id()).size() >= 2, "a second attempt after the cooldown");

        Run first = fx.runs(task.id()).get(0);
        Run second = fx.runs(task.id()).get(1);
        assertEquals(RunOutcome.RATE_LIMITED, first.outcome());
        assertFalse(second.startedAt().isBefore(first.endedAt().plusSeconds(2)),
                "respawned at " + second.startedAt() + ", before the cooldown after " + first.endedAt());
    }

    @Test
    void exit_78_is_a_terminal_provider_error_that_trips_the_breaker_at_once() throws Exception {
        Task task = create("revoked key", "alpha", "exit-code:78");
        DispatcherService dispatcher = fx.dispatcher(fx.config().failureLimit(5).build());

        dispatcher.tickOnce();
        tickUntil(dispatcher, () -> fx.status(task.id()) == Status.BLOCKED, "the breaker to block the task");

        List<Run> runs = fx.runs(task.id());
        assertEquals(1, runs.size(), "one attempt only, although the limit is 5");
        assertEquals(RunOutcome.CRASHED, runs.get(0).outcome());
        assertTrue(runs.get(0).error().contains("terminal provider error"), runs.get(0).error());
        JsonNode crashed = lastEvent(task.id(), "crashed");
        assertEquals(78, crashed.get("exit_code").asInt());
        assertTrue(crashed.get("terminal_provider").asBoolean());
        JsonNode gaveUp = lastEvent(task.id(), "gave_up");
        assertEquals(1, gaveUp.get("failures").asInt());
        assertEquals(5, gaveUp.get("effective_limit").asInt());
        assertEquals("crashed", gaveUp.get("trigger_outcome").asText());
        assertTrue(gaveUp.get("sticky").asBoolean());
        assertTrue(gaveUp.get("terminal_provider").asBoolean());
    }

    @Test
    void a_clean_exit_without_a_report_is_a_protocol_violation_with_its_own_budget_of_three() throws Exception {
        Task task = create("forgets to report", "alpha", "exit");
        // The breaker's own limit (2) would trip on the second failure: violations have their own budget.
        DispatcherService dispatcher = fx.dispatcher(fx.config().failureLimit(2)
                .rateLimitCooldown(Duration.ZERO).build());

        tickUntil(dispatcher, () -> fx.status(task.id()) == Status.BLOCKED, "the violation budget to run out");

        List<Run> runs = fx.runs(task.id());
        assertEquals(3, runs.size(), runs.toString());
        for (Run run : runs) {
            assertEquals(RunOutcome.CRASHED, run.outcome());
            assertTrue(run.error().contains("protocol violation"), run.error());
            assertTrue(JSON.readTree(run.metadata()).get("protocol_violation").asBoolean(), run.metadata());
        }
        List<String> kinds = fx.eventKinds(task.id());
        assertEquals(3, kinds.stream().filter("protocol_violation"::equals).count(), kinds.toString());
        assertEquals(1, kinds.stream().filter("gave_up"::equals).count(), kinds.toString());
        JsonNode gaveUp = lastEvent(task.id(), "gave_up");
        assertEquals(3, gaveUp.get("protocol_violations").asInt());
        assertEquals(3, gaveUp.get("protocol_violation_limit").asInt());
        assertEquals(3, gaveUp.get("effective_limit").asInt());
        assertEquals("crashed", gaveUp.get("trigger_outcome").asText());
        assertEquals(1, fx.board.tasks().get(task.id()).consecutiveFailures(),
                "violations below the budget leave the breaker's count alone");
    }

    @Test
    void three_crashes_with_one_error_in_one_tick_trip_the_breaker_at_once() throws Exception {
        // No spawn grace: the exits are the crash sweep's to judge, all in the same tick.
        DispatcherConfig config = fx.config().workerCommand(List.of("/bin/sh", "-c", "echo database locked; exit 3"))
                .spawnGrace(Duration.ZERO).failureLimit(5).build();
        List<Task> tasks = List.of(create("one", "alpha", null), create("two", "beta", null),
                create("three", "gamma", null));
        Task lone = create("different error", "delta", null);
        DispatcherService dispatcher = fx.dispatcher(config);

        TickReport first = dispatcher.tickOnce();
        assertEquals(4, first.spawned().size());
        first.spawned().forEach(s -> awaitDead(s.pid()));
        // The fourth worker printed something else before the same exit: edit its log's last line.
        Run loneRun = fx.runs(lone.id()).get(0);
        java.nio.file.Files.writeString(java.nio.file.Path.of(loneRun.logPath()), "disk full\n",
                java.nio.file.StandardOpenOption.APPEND);
        TickReport sweep = dispatcher.tickOnce();

        assertEquals(tasks.stream().map(Task::id).sorted().toList(), sweep.gaveUp().stream().sorted().toList());
        for (Task t : tasks) {
            assertEquals(Status.BLOCKED, fx.status(t.id()));
            JsonNode gaveUp = lastEvent(t.id(), "gave_up");
            assertEquals(1, gaveUp.get("effective_limit").asInt());
            assertEquals("identical_errors", gaveUp.get("limit_source").asText());
            assertTrue(gaveUp.get("sticky").asBoolean());
        }
        // A different error is an ordinary crash: counted, retried (the same tick spawns it again).
        assertTrue(sweep.crashed().contains(lone.id()));
        assertFalse(sweep.gaveUp().contains(lone.id()));
        assertTrue(fx.status(lone.id()) == Status.READY || fx.status(lone.id()) == Status.RUNNING);
        assertEquals(RunOutcome.CRASHED, fx.runs(lone.id()).get(0).outcome());
        assertTrue(fx.runs(lone.id()).get(0).error().contains("disk full"), fx.runs(lone.id()).get(0).error());
    }

    @Test
    void a_dispatcher_that_did_not_start_the_worker_reads_its_exit_trailer() throws Exception {
        Task task = create("one-shot dispatch", "alpha", "trailer-exit:75");
        DispatcherConfig config = fx.config().spawnGrace(Duration.ZERO).build();

        TickReport first = fx.dispatcher(config).tickOnce();
        awaitDead(first.spawned().get(0).pid());
        // A new dispatcher (a later `kanban dispatch`) never saw that process exit: the trailer tells it.
        fx.dispatcher(config).tickOnce();

        Run run = fx.runs(task.id()).get(0);
        assertEquals(RunOutcome.RATE_LIMITED, run.outcome(), run.error());
        assertEquals(0, fx.board.tasks().get(task.id()).consecutiveFailures());
        assertNull(fx.board.events().forTask(task.id(), 100).stream().filter(e -> e.kind().equals("gave_up"))
                .findFirst().orElse(null));
        assertEquals(List.of(RunOutcome.RATE_LIMITED), fx.runs(task.id()).stream().map(Run::outcome)
                .collect(Collectors.toList()));
    }
}
