package io.kanban.dispatcher;

import static io.kanban.dispatcher.DispatcherHome.tickUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.dispatch.TickReport;
import io.kanban.core.model.Event;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.dispatch.TickReport.SkipReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A fleet of real worker processes runs task graphs to the end, through crashes and hangs. */
class WorkerFleetTest {
    @RegisterExtension
    final DispatcherHome fx = new DispatcherHome();

    private Task create(NewTask.Builder b) {
        return fx.board.tasks().create(b.build()).task();
    }

    @Test
    void parents_run_in_parallel_and_the_child_runs_only_after_both_are_done() throws Exception {
        Task t1 = create(NewTask.titled("T1").assignee("alpha").body("sleep-complete:1500"));
        Task t2 = create(NewTask.titled("T2").assignee("beta").body("sleep-complete:1500"));
        Task t3 = create(NewTask.titled("T3").assignee("gamma").body("complete").parent(t1.id()).parent(t2.id()));
        DispatcherService dispatcher = fx.dispatcher(fx.config().build());

        TickReport first = dispatcher.tickOnce();
        assertEquals(Set.of(t1.id(), t2.id()),
                first.spawned().stream().map(TickReport.Spawn::taskId).collect(Collectors.toSet()));
        assertEquals(Status.RUNNING, fx.status(t1.id()));
        assertEquals(Status.RUNNING, fx.status(t2.id()));
        assertEquals(Status.TODO, fx.status(t3.id()));

        tickUntil(dispatcher, () -> fx.status(t3.id()) == Status.DONE, "T3 done");

        assertEquals(Status.DONE, fx.status(t1.id()));
        assertEquals(Status.DONE, fx.status(t2.id()));
        Run child = single(fx.runs(t3.id()));
        for (String parent : List.of(t1.id(), t2.id())) {
            Run run = single(fx.runs(parent));
            assertEquals(RunOutcome.COMPLETED, run.outcome());
            assertFalse(child.startedAt().isBefore(run.endedAt()), "T3 started before " + parent + " ended");
            assertTrue(firstEventId(t3.id(), "claimed") > firstEventId(parent, "completed"));
        }
        assertEquals(RunOutcome.COMPLETED, child.outcome());
        assertEquals("done by gamma", child.summary());
        assertNotNull(child.workerPid());
        assertEquals(fx.home.resolve("kanban/logs/" + t3.id() + ".log").toString(), child.logPath());
        assertTrue(Files.readString(Path.of(child.logPath())).contains("test worker for " + t3.id()));
        assertEquals(List.of("created", "promoted", "claimed", "spawned", "completed"), fx.eventKinds(t3.id()));
    }

    @Test
    void a_worker_killed_with_sigkill_is_recorded_as_crashed_then_respawned_and_completed() {
        Task task = create(NewTask.titled("long job").assignee("alpha").body("sleep-first"));
        DispatcherService dispatcher = fx.dispatcher(fx.config().build());

        dispatcher.tickOnce();
        DispatcherHome.await(() -> fx.runs(task.id()).get(0).lastHeartbeatAt() != null, "first worker's heartbeat");
        long pid = fx.runs(task.id()).get(0).workerPid();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        tickUntil(dispatcher, () -> fx.status(task.id()) == Status.DONE, "respawned worker completes");

        List<Run> runs = fx.runs(task.id());
        assertEquals(2, runs.size());
        assertEquals(RunOutcome.CRASHED, runs.get(0).outcome());
        assertTrue(runs.get(0).error().contains(Long.toString(pid)), runs.get(0).error());
        assertEquals(RunOutcome.COMPLETED, runs.get(1).outcome());
        assertTrue(runs.get(1).workerPid() != pid);
        List<String> kinds = fx.eventKinds(task.id());
        assertEquals(List.of("created", "claimed", "spawned", "heartbeat", "crashed", "claimed", "spawned",
                "completed"), kinds);
        assertEquals(0, fx.board.tasks().get(task.id()).consecutiveFailures());
    }

    @Test
    void a_hung_worker_past_max_runtime_has_its_process_tree_killed_and_the_run_timed_out() {
        // Both the shell and its child ignore SIGTERM, so only SIGKILL after the grace stops them.
        DispatcherConfig config = fx.config()
                .workerCommand(List.of("/bin/sh", "-c", "trap '' TERM; echo hanging; sleep 300 & wait"))
                .terminateGrace(Duration.ofSeconds(1)).failureLimit(1).build();
        Task task = create(NewTask.titled("hangs").assignee("alpha").maxRuntime(Duration.ofSeconds(1)));
        DispatcherService dispatcher = fx.dispatcher(config);

        dispatcher.tickOnce();
        long pid = fx.runs(task.id()).get(0).workerPid();
        DispatcherHome.await(() -> ProcessHandle.of(pid).map(h -> h.children().findAny().isPresent()).orElse(false),
                "the worker's child process");
        List<ProcessHandle> tree = ProcessHandle.of(pid).orElseThrow().descendants().collect(Collectors.toList());

        tickUntil(dispatcher, () -> fx.runs(task.id()).get(0).outcome() != null, "the hung run to end");

        Run run = fx.runs(task.id()).get(0);
        assertEquals(RunOutcome.TIMED_OUT, run.outcome());
        DispatcherHome.await(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), "the worker to be gone");
        for (ProcessHandle child : tree) {
            DispatcherHome.await(() -> !child.isAlive(), "the worker's child " + child.pid() + " to be gone");
        }
        Event timedOut = fx.board.events().forTask(task.id(), 100).stream()
                .filter(e -> e.kind().equals("timed_out")).findFirst().orElseThrow();
        assertTrue(timedOut.payload().contains("\"sigkill\":true"), timedOut.payload());
        assertEquals(Status.BLOCKED, fx.status(task.id()));
        assertTrue(fx.eventKinds(task.id()).contains("gave_up"));
    }

    @Test
    void a_retried_task_gets_its_full_runtime_measured_from_its_own_run() {
        // The first attempt hangs and is stopped at the limit; the retry, claimed long after the task's first
        // start, must not be cut short by that old start time.
        Task task = create(NewTask.titled("slow then fast").assignee("alpha").body("sleep-first")
                .maxRuntime(Duration.ofSeconds(6)));
        DispatcherService dispatcher = fx.dispatcher(fx.config().build());

        tickUntil(dispatcher, () -> fx.status(task.id()) == Status.DONE, "the retry to complete");

        List<Run> runs = fx.runs(task.id());
        assertEquals(List.of(RunOutcome.TIMED_OUT, RunOutcome.COMPLETED),
                runs.stream().map(Run::outcome).collect(Collectors.toList()));
        assertEquals(1, fx.eventKinds(task.id()).stream().filter("timed_out"::equals).count());
    }

    @Test
    void a_worker_that_crashes_at_once_every_time_trips_the_breaker() {
        DispatcherConfig config = fx.config()
                .workerCommand(List.of("/bin/sh", "-c", "echo boom; exit 3")).failureLimit(3).build();
        Task task = create(NewTask.titled("crashes").assignee("alpha"));
        DispatcherService dispatcher = fx.dispatcher(config);

        tickUntil(dispatcher, () -> fx.status(task.id()) == Status.BLOCKED, "the breaker to block the task");

        List<Run> runs = fx.runs(task.id());
        assertEquals(3, runs.size());
        for (Run run : runs) {
            assertTrue(run.outcome().isFailure(), run.outcome().toString());
            assertNotNull(run.error());
        }
        Run first = runs.get(0);
        if (first.outcome() == RunOutcome.SPAWN_FAILED) {
            assertTrue(first.error().contains("exited with code 3") && first.error().contains("boom"), first.error());
        }
        assertTrue(fx.eventKinds(task.id()).contains("gave_up"));
        assertEquals(3, fx.board.tasks().get(task.id()).consecutiveFailures());
    }

    @Test
    void a_cards_own_max_retries_beats_the_failure_limit_with_real_workers() throws Exception {
        DispatcherConfig config = fx.config()
                .workerCommand(List.of("/bin/sh", "-c", "echo boom; exit 3")).failureLimit(1).build();
        Task task = create(NewTask.titled("crashes, with retries of its own").assignee("alpha").maxRetries(3));
        DispatcherService dispatcher = fx.dispatcher(config);

        tickUntil(dispatcher, () -> fx.status(task.id()) == Status.BLOCKED, "the card's own breaker to trip");

        assertEquals(3, fx.runs(task.id()).size(), "create --max-retries 3 allows three attempts, not the limit's 1");
        com.fasterxml.jackson.databind.JsonNode gaveUp = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                fx.board.events().forTask(task.id(), 100).stream().filter(e -> e.kind().equals("gave_up"))
                        .reduce((a, b) -> b).orElseThrow().payload());
        assertEquals(3, gaveUp.get("failures").asInt());
        assertEquals(3, gaveUp.get("effective_limit").asInt());
        assertEquals("task.max_retries", gaveUp.get("limit_source").asText());
    }

    @Test
    void an_exit_within_the_spawn_grace_without_touching_the_task_is_recorded_as_a_spawn_failure_at_once() {
        DispatcherConfig config = fx.config().workerCommand(List.of("/bin/sh", "-c", "echo bye; exit 1"))
                .spawnGrace(Duration.ofSeconds(60)).build();
        Task task = create(NewTask.titled("leaves").assignee("alpha"));

        fx.dispatcher(config).tickOnce();

        // No second tick: only the exit watcher can close the run.
        DispatcherHome.await(() -> fx.runs(task.id()).get(0).outcome() != null, "the watcher to record the exit");
        Run run = fx.runs(task.id()).get(0);
        assertEquals(RunOutcome.SPAWN_FAILED, run.outcome());
        assertTrue(run.error().contains("exited with code 1") && run.error().contains("without touching the task")
                && run.error().contains("bye"), run.error());
        assertEquals(Status.READY, fx.status(task.id()));
    }

    @Test
    void a_worker_that_heartbeats_then_exits_early_is_a_crash_not_a_spawn_failure() {
        Task task = create(NewTask.titled("brief").assignee("alpha").body("heartbeat-exit"));
        DispatcherService dispatcher = fx.dispatcher(fx.config().spawnGrace(Duration.ofSeconds(60)).build());

        dispatcher.tickOnce();
        DispatcherHome.await(() -> fx.runs(task.id()).get(0).lastHeartbeatAt() != null, "the heartbeat");
        long pid = fx.runs(task.id()).get(0).workerPid();
        DispatcherHome.await(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), "the worker to exit");
        tickUntil(dispatcher, () -> fx.runs(task.id()).get(0).outcome() != null, "the crash sweep");

        assertEquals(RunOutcome.CRASHED, fx.runs(task.id()).get(0).outcome());
    }

    @Test
    void a_missing_executable_is_a_spawn_failure_and_trips_the_breaker_after_the_limit() {
        DispatcherConfig config = fx.config()
                .workerCommand(List.of("hermes-not-installed-here", "-p", "{assignee}")).failureLimit(3).build();
        Task task = create(NewTask.titled("never starts").assignee("alpha"));
        DispatcherService dispatcher = fx.dispatcher(config);

        for (int i = 1; i <= 3; i++) {
            TickReport report = dispatcher.tickOnce();
            assertEquals(1, report.failed().size());
            assertTrue(report.failed().get(0).error().contains("'hermes-not-installed-here' not found on PATH"));
            assertEquals(i == 3, report.failed().get(0).gaveUp());
        }
        assertEquals(Status.BLOCKED, fx.status(task.id()));
        assertEquals(List.of(RunOutcome.SPAWN_FAILED, RunOutcome.SPAWN_FAILED, RunOutcome.GAVE_UP),
                fx.runs(task.id()).stream().map(Run::outcome).collect(Collectors.toList()));
        assertTrue(fx.eventKinds(task.id()).contains("gave_up"));
        assertTrue(dispatcher.tickOnce().spawned().isEmpty());
    }

    @Test
    void the_per_assignee_limit_serves_a_same_profile_queue_one_at_a_time_in_priority_order() {
        Task low = create(NewTask.titled("low").assignee("solo").priority(1).body("complete"));
        Task high = create(NewTask.titled("high").assignee("solo").priority(5).body("complete"));
        Task mid = create(NewTask.titled("mid").assignee("solo").priority(3).body("complete"));
        DispatcherService dispatcher = fx.dispatcher(fx.config().perAssigneeLimit(1).build());

        TickReport first = dispatcher.tickOnce();
        assertEquals(List.of(high.id()), first.spawned().stream().map(TickReport.Spawn::taskId).toList());
        assertTrue(first.skipped().stream().allMatch(s -> s.reason() == SkipReason.ASSIGNEE_AT_LIMIT));
        assertEquals(2, first.skipped().size());

        tickUntil(dispatcher, () -> fx.status(low.id()) == Status.DONE, "the whole queue done");

        List<Task> order = List.of(high, mid, low);
        for (int i = 0; i + 1 < order.size(); i++) {
            long nextClaimed = firstEventId(order.get(i + 1).id(), "claimed");
            assertTrue(nextClaimed > firstEventId(order.get(i).id(), "completed"),
                    order.get(i + 1).title() + " was claimed before " + order.get(i).title() + " finished");
        }
        for (Task t : order) {
            assertEquals(RunOutcome.COMPLETED, single(fx.runs(t.id())).outcome());
        }
    }

    @Test
    void a_worker_that_blocks_ends_its_run_blocked_and_resets_the_failure_count() {
        Task task = create(NewTask.titled("ask").assignee("alpha").body("block"));
        DispatcherService dispatcher = fx.dispatcher(fx.config().build());

        tickUntil(dispatcher, () -> fx.status(task.id()) == Status.BLOCKED, "the worker to block");

        Run run = single(fx.runs(task.id()));
        assertEquals(RunOutcome.BLOCKED, run.outcome());
        assertFalse(fx.eventKinds(task.id()).contains("gave_up"));
    }

    private long firstEventId(String taskId, String kind) {
        return fx.board.events().forTask(taskId, 1_000).stream().filter(e -> e.kind().equals(kind))
                .mapToLong(Event::id).findFirst().orElseThrow(() -> new AssertionError("no " + kind + " on " + taskId));
    }

    private static Run single(List<Run> runs) {
        assertEquals(1, runs.size(), runs.toString());
        return runs.get(0);
    }
}
