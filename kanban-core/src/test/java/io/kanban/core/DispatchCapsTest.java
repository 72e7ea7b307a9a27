package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.dispatch.MemoryPressure;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.dispatch.TickReport.SkipReason;
import io.kanban.core.model.Diagnostic;
import io.kanban.core.model.Event;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.spi.HostMemory;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchDispatch;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reference's caps and assignment rules: memory pressure, default assignee, the fail-closed allow-list. */
@OnEachBackend
class DispatchCapsTest {
    private static final long GIB = 1024L * 1024 * 1024;

    final ScratchDispatch dispatch;
    final Board board;

    DispatchCapsTest(ScratchDispatch dispatch) {
        this.dispatch = dispatch;
        board = dispatch.board();
    }

    @Test
    void critical_memory_pressure_starts_no_worker_and_elevated_pressure_one() {
        for (int i = 0; i < 4; i++) {
            dispatch.card("t" + i, "p" + i);
        }
        dispatch.probe().setMemory(new HostMemory(16 * GIB, GIB / 2)); // 3 % available

        TickReport critical = dispatch.tick(DispatchPolicy.defaults());

        assertEquals("critical", critical.memoryPressure());
        assertTrue(critical.spawned().isEmpty());
        assertEquals(4, critical.skipped().stream().filter(s -> s.reason() == SkipReason.MEMORY_PRESSURE).count());
        assertTrue(critical.skipped().get(0).detail().contains("no worker starts"), critical.skipped().get(0).detail());

        dispatch.probe().setMemory(new HostMemory(16 * GIB, 2 * GIB)); // 12.5 %
        TickReport elevated = dispatch.tick(DispatchPolicy.defaults());
        assertEquals("elevated", elevated.memoryPressure());
        assertEquals(1, elevated.spawned().size());

        dispatch.probe().setMemory(new HostMemory(16 * GIB, 8 * GIB));
        TickReport relaxed = dispatch.tick(DispatchPolicy.defaults());
        assertNull(relaxed.memoryPressure());
        assertEquals(3, relaxed.spawned().size());
    }

    @Test
    void the_default_in_progress_cap_is_one_worker_per_512_mib_from_two_to_eight() {
        assertEquals(2, MemoryPressure.defaultMaxInProgress(Optional.of(new HostMemory(GIB / 2, GIB / 4))));
        assertEquals(4, MemoryPressure.defaultMaxInProgress(Optional.of(new HostMemory(2 * GIB, GIB))));
        assertEquals(8, MemoryPressure.defaultMaxInProgress(Optional.of(new HostMemory(64 * GIB, GIB))));
        assertEquals(8, MemoryPressure.defaultMaxInProgress(Optional.empty()));
    }

    @Test
    void an_unassigned_card_gets_the_default_assignee_and_a_worker() throws Exception {
        Task task = board.tasks().create(NewTask.titled("nobody's").build()).task();

        TickReport report = dispatch.tick(DispatchPolicy.defaults().withDefaultAssignee("generalist"));

        assertEquals(List.of(task.id()), report.autoAssigned());
        assertEquals(List.of(task.id()), report.spawned().stream().map(TickReport.Spawn::taskId).toList());
        assertEquals("generalist", board.tasks().get(task.id()).assignee());
        Event assigned = board.events().forTask(task.id(), 100).stream().filter(e -> e.kind().equals("assigned"))
                .findFirst().orElseThrow();
        assertTrue(assigned.payload().contains("\"source\":\"kanban.default_assignee\""), assigned.payload());
    }

    @Test
    void a_default_assignee_that_cannot_run_here_leaves_the_card_unassigned() {
        Task task = board.tasks().create(NewTask.titled("nobody's").build()).task();
        dispatch.launcher().removeProfile("generalist");

        TickReport report = dispatch.tick(DispatchPolicy.defaults().withDefaultAssignee("generalist"));

        assertTrue(report.autoAssigned().isEmpty());
        assertEquals(SkipReason.UNASSIGNED, report.skipped().get(0).reason());
        assertNull(board.tasks().get(task.id()).assignee());
        TickReport excluded = dispatch.tick(DispatchPolicy.defaults().withDefaultAssignee("other")
                .withDispatchProfiles(Set.of("coder")));
        assertTrue(excluded.autoAssigned().isEmpty(), "the default must be an allowed profile too");
    }

    @Test
    void dispatch_profiles_is_a_fail_closed_allow_list_and_the_refused_card_is_diagnosed_with_its_cause() {
        Task mine = dispatch.card("mine", "coder");
        Task foreign = dispatch.card("foreign", "default");

        TickReport report = dispatch.tick(DispatchPolicy.defaults().withDispatchProfiles(Set.of("coder")));

        assertEquals(List.of(mine.id()), report.spawned().stream().map(TickReport.Spawn::taskId).toList());
        TickReport.Skip skip = report.skipped().get(0);
        assertEquals(foreign.id(), skip.taskId());
        assertEquals(SkipReason.NOT_IN_DISPATCH_PROFILES, skip.reason());
        assertEquals(Status.READY, board.tasks().get(foreign.id()).status());

        dispatch.tick(DispatchPolicy.defaults().withDispatchProfiles(Set.of("coder")));
        assertEquals(1, board.events().forTask(foreign.id(), 100).stream()
                .filter(e -> e.kind().equals("skipped_nonspawnable")).count(), "one event, not one per tick");

        TickReport none = dispatch.tick(DispatchPolicy.defaults().withDispatchProfiles(Set.of()));
        assertTrue(none.spawned().isEmpty(), "an empty allow-list runs nothing");

        dispatch.clock().advance(Duration.ofMinutes(31));
        DispatchPolicy policy = DispatchPolicy.defaults().withDispatchProfiles(Set.of());
        board.health().check(dispatch.tick(policy), policy, Duration.ofMinutes(10));
        Diagnostic stranded = board.diagnostics().list(Diagnostics.Query.all()).stream()
                .filter(d -> foreign.id().equals(d.taskId())).findFirst().orElseThrow();
        assertEquals("not_in_dispatch_profiles", stranded.data().get("cause"));
        assertEquals("reassign", stranded.actions().get(0).kind());
    }

    @Test
    void workers_that_vanish_without_an_exit_code_are_not_identical_errors_a_host_restart_is_no_systemic_cause() {
        List<Task> tasks = List.of(dispatch.card("a", "p1"), dispatch.card("b", "p2"), dispatch.card("c", "p3"));
        TickReport first = dispatch.tick(DispatchPolicy.defaults().withFailureLimit(5));
        first.spawned().forEach(s -> dispatch.probe().set(s.pid(), io.kanban.core.spi.Liveness.GONE));

        TickReport sweep = dispatch.tick(DispatchPolicy.defaults().withFailureLimit(5));

        assertEquals(3, sweep.crashed().size());
        assertTrue(sweep.gaveUp().isEmpty(), "three bare disappearances must not trip the breaker: " + sweep.gaveUp());
        for (Task t : tasks) {
            assertEquals(1, board.tasks().get(t.id()).consecutiveFailures());
        }
    }
}
