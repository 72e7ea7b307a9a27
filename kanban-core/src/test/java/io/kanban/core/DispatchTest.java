package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.dispatch.TickReport.SkipReason;
import io.kanban.core.model.Event;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.spi.Liveness;
import io.kanban.core.store.Json;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import io.kanban.core.testing.ScratchDispatch;
import io.kanban.core.testing.SettableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@OnEachBackend
class DispatchTest {
    final ScratchBoard scratch;
    final SettableClock clock;
    final Board board;
    final ScratchDispatch dispatch;
    DispatchPolicy policy = DispatchPolicy.defaults();

    DispatchTest(ScratchBoard scratch, ScratchDispatch dispatch) {
        this.scratch = scratch;
        this.dispatch = dispatch;
        clock = scratch.clock();
        board = scratch.board();
    }

    TickReport tick() {
        return dispatch.tick(policy);
    }

    @Test
    void a_tick_spawns_ready_tasks_in_priority_order_and_records_the_worker_pid() {
        Task low = board.tasks().create(NewTask.titled("low").assignee("a").build()).task();
        Task high = board.tasks().create(NewTask.titled("high").assignee("b").priority(2).build()).task();
        TickReport report = tick();

        assertEquals(List.of(high.id(), low.id()), report.spawned().stream().map(TickReport.Spawn::taskId).toList());
        Task running = board.tasks().get(high.id());
        assertEquals(Status.RUNNING, running.status());
        assertEquals(report.spawned().get(0).pid(), running.workerPid());
        assertEquals(running.workerPid(), board.runs().of(high.id()).get(0).workerPid());
        assertEquals(board.location(), dispatch.launcher().launched().get(0).boardLocation());
    }

    @Test
    void the_per_assignee_limit_serves_a_same_profile_queue_one_at_a_time_in_order() {
        Task first = board.tasks().create(NewTask.titled("1").assignee("translator").priority(1).build()).task();
        Task second = board.tasks().create(NewTask.titled("2").assignee("translator").build()).task();
        board.tasks().create(NewTask.titled("nobody").build());

        TickReport report = tick();
        assertEquals(List.of(first.id()), report.spawned().stream().map(TickReport.Spawn::taskId).toList());
        assertTrue(report.skipped().contains(new TickReport.Skip(second.id(), SkipReason.ASSIGNEE_AT_LIMIT)));
        assertTrue(report.skipped().stream().anyMatch(s -> s.reason() == SkipReason.UNASSIGNED));

        board.claims().complete(first.id(), io.kanban.core.model.Completion.withSummary("done").forced());
        assertEquals(List.of(second.id()), tick().spawned().stream().map(TickReport.Spawn::taskId).toList());
    }

    @Test
    void the_global_limit_caps_workers_across_profiles() {
        policy = policy.withGlobalLimit(2);
        for (String who : List.of("a", "b", "c")) {
            board.tasks().create(NewTask.titled(who).assignee(who).build());
        }
        TickReport report = tick();
        assertEquals(2, report.spawned().size());
        assertEquals(SkipReason.GLOBAL_LIMIT, report.skipped().get(0).reason());
    }

    @Test
    void an_expired_claim_is_reclaimed_and_the_task_goes_back_to_ready() {
        Task task = TestBoards.create(board, "silent worker");
        tick();
        clock.advance(BoardOptions.DEFAULT_CLAIM_TTL.plusSeconds(1));
        TickReport report = dispatch.tick(policy.withDryRun(true));

        assertEquals(List.of(task.id()), report.reclaimed());
        Task back = board.tasks().get(task.id());
        assertEquals(Status.READY, back.status());
        assertEquals(1, back.consecutiveFailures());
        assertEquals(RunOutcome.RECLAIMED, board.runs().of(task.id()).get(0).outcome());
    }

    @Test
    void a_heartbeat_keeps_the_claim_alive_past_the_first_expiry() {
        Task task = TestBoards.create(board, "chatty worker");
        tick();
        clock.advance(Duration.ofMinutes(14));
        board.claims().heartbeat(task.id(), null, null);
        clock.advance(Duration.ofMinutes(14));
        assertEquals(List.of(), tick().reclaimed());
        assertEquals(Status.RUNNING, board.tasks().get(task.id()).status());
    }

    @Test
    void a_dead_worker_is_detected_its_run_closed_as_crashed_and_the_task_respawned() {
        Task task = TestBoards.create(board, "fragile");
        long pid = tick().spawned().get(0).pid();
        dispatch.probe().set(pid, Liveness.ZOMBIE);

        TickReport report = tick();
        assertEquals(List.of(task.id()), report.crashed());
        assertEquals(1, report.spawned().size(), "respawned in the same tick");
        List<Run> runs = board.runs().of(task.id());
        assertEquals(RunOutcome.CRASHED, runs.get(0).outcome());
        assertTrue(runs.get(1).isOpen());
        Event crashed = board.events().forTask(task.id(), 20).stream().filter(e -> e.kind().equals("crashed"))
                .findFirst().orElseThrow();
        assertEquals(pid, Json.readOrNull(crashed.payload()).get("pid").asLong());
    }

    @Test
    void workers_of_other_hosts_are_not_probed() {
        Task task = TestBoards.create(board, "remote");
        board.claims().claim(task.id(), new Claims.Claimant("otherhost:77", 77L, Duration.ofHours(1))).orElseThrow();
        dispatch.probe().set(77, Liveness.GONE);
        assertEquals(List.of(), tick().crashed());
        assertEquals(Status.RUNNING, board.tasks().get(task.id()).status());
    }

    @Test
    void max_runtime_is_measured_from_the_current_run_so_a_retry_gets_its_full_time() {
        Task task = board.tasks().create(NewTask.titled("bounded").assignee("w").maxRuntime(Duration.ofMinutes(10))
                .build()).task();
        long firstPid = tick().spawned().get(0).pid();
        clock.advance(Duration.ofMinutes(11));
        TickReport report = tick();
        assertEquals(List.of(task.id()), report.timedOut());
        assertEquals(List.of(firstPid), dispatch.launcher().terminated());
        assertEquals(RunOutcome.TIMED_OUT, board.runs().of(task.id()).get(0).outcome());

        clock.advance(Duration.ofMinutes(9));
        board.claims().heartbeat(task.id(), null, null);
        assertEquals(List.of(), tick().timedOut(), "the retry started 9 minutes ago, within its 10");
    }

    @Test
    void repeated_spawn_failures_open_the_breaker_and_block_the_task_with_gave_up() {
        Task task = TestBoards.create(board, "broken command");
        dispatch.launcher().failWith("hermes: command not found");
        tick();
        TickReport second = tick();

        assertEquals(List.of(task.id()), second.gaveUp(), "the default limit is the reference's 2");
        Task blocked = board.tasks().get(task.id());
        assertEquals(Status.BLOCKED, blocked.status());
        assertEquals(2, blocked.consecutiveFailures());
        List<Run> runs = board.runs().of(task.id());
        assertEquals(List.of(RunOutcome.SPAWN_FAILED, RunOutcome.GAVE_UP),
                runs.stream().map(Run::outcome).toList());
        Event gaveUp = board.events().forTask(task.id(), 50).stream().filter(e -> e.kind().equals("gave_up"))
                .findFirst().orElseThrow();
        var payload = Json.readOrNull(gaveUp.payload());
        assertEquals(2, payload.get("failures").asInt());
        assertEquals(2, payload.get("effective_limit").asInt());
        assertEquals("kanban.failure_limit", payload.get("limit_source").asText());
        assertEquals("hermes: command not found", payload.get("error").asText());
        assertEquals("spawn_failed", payload.get("trigger_outcome").asText());
        assertEquals(List.of(), tick().spawned(), "a blocked task is not retried");

        dispatch.launcher().failWith(null);
        board.claims().unblock(task.id());
        assertEquals(1, tick().spawned().size());
        assertEquals(0, board.tasks().get(task.id()).consecutiveFailures());
    }

    @Test
    void a_worker_that_crashes_at_once_every_time_also_trips_the_breaker() {
        Task task = TestBoards.create(board, "crash loop");
        policy = policy.withFailureLimit(3);
        for (int attempt = 0; attempt < 3; attempt++) {
            long pid = board.tasks().get(task.id()).status() == Status.RUNNING
                    ? board.tasks().get(task.id()).workerPid() : tick().spawned().get(0).pid();
            dispatch.probe().set(pid, Liveness.GONE);
            board.dispatch().reclaimCrashed(policy, dispatch.probe(), new java.util.ArrayList<>());
            if (attempt < 2) {
                assertEquals(Status.READY, board.tasks().get(task.id()).status());
            }
        }
        assertEquals(Status.BLOCKED, board.tasks().get(task.id()).status());
        assertTrue(board.events().forTask(task.id(), 50).stream().anyMatch(e -> e.kind().equals("gave_up")));
    }

    @Test
    void a_cards_own_max_retries_beats_the_dispatchers_limit_and_says_so() {
        Task task = board.tasks().create(io.kanban.core.model.NewTask.titled("patient").assignee("dev")
                .maxRetries(4).build()).task();
        dispatch.launcher().failWith("exec error");
        for (int i = 0; i < 3; i++) {
            tick();
        }
        assertEquals(Status.READY, board.tasks().get(task.id()).status(), "3 failures: under its own limit of 4");
        tick();
        assertEquals(Status.BLOCKED, board.tasks().get(task.id()).status());
        var payload = Json.readOrNull(board.events().forTask(task.id(), 50).stream()
                .filter(e -> e.kind().equals("gave_up")).findFirst().orElseThrow().payload());
        assertEquals(4, payload.get("effective_limit").asInt());
        assertEquals("task.max_retries", payload.get("limit_source").asText());
    }

    @Test
    void a_completed_run_resets_the_failure_count() {
        Task task = TestBoards.create(board, "flaky");
        dispatch.launcher().failWith("exec error");
        tick();
        dispatch.launcher().failWith(null);
        tick();
        assertEquals(1, board.tasks().get(task.id()).consecutiveFailures());
        board.claims().complete(task.id(), io.kanban.core.model.Completion.withSummary("ok").forced());
        assertEquals(0, board.tasks().get(task.id()).consecutiveFailures());
    }

    @Test
    void a_parent_finished_by_another_kernel_is_noticed_on_the_next_tick() throws Exception {
        Task parent = TestBoards.create(board, "finished elsewhere");
        Task child = TestBoards.create(board, "waits", parent.id());
        dispatch.tick(policy.withDryRun(true));
        try (var c = scratch.jdbc(); var st = c.createStatement()) {
            // What the reference kernel writes when one of its workers completes the parent.
            st.executeUpdate("UPDATE tasks SET status = 'done', completed_at = 1767610000 WHERE id = '" + parent.id()
                    + "'");
            st.executeUpdate("INSERT INTO task_events (task_id, kind, payload, created_at) VALUES ('" + parent.id()
                    + "', 'completed', '{\"result_len\": 0, \"summary\": \"ok\"}', 1767610000)");
        }
        assertEquals(Status.TODO, board.tasks().get(child.id()).status());
        TickReport report = dispatch.tick(policy.withDryRun(true));
        assertEquals(1, report.promoted());
        assertEquals(Status.READY, board.tasks().get(child.id()).status());
    }

    @Test
    void the_first_tick_sweeps_the_whole_board_for_changes_made_without_events() throws Exception {
        Task parent = TestBoards.create(board, "closed by hand");
        Task child = TestBoards.create(board, "waits", parent.id());
        try (var c = scratch.jdbc(); var st = c.createStatement()) {
            st.executeUpdate("UPDATE tasks SET status = 'done' WHERE id = '" + parent.id() + "'");
        }
        assertEquals(1, dispatch.tick(policy.withDryRun(true)).promoted());
        assertEquals(Status.READY, board.tasks().get(child.id()).status());
    }

    @Test
    void a_dry_run_claims_and_spawns_nothing() {
        Task task = TestBoards.create(board, "t");
        TickReport report = dispatch.tick(policy.withDryRun(true));
        assertEquals(1, report.spawned().size());
        assertEquals(List.of(), dispatch.launcher().launched());
        assertEquals(Status.READY, board.tasks().get(task.id()).status());
    }
}
