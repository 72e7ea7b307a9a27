package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.Diagnostics.Query;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.error.HallucinatedCards;
import io.kanban.core.error.TaskNotFound;
import io.kanban.core.model.Completion;
import io.kanban.core.model.Diagnostic;
import io.kanban.core.model.Diagnostic.Severity;
import io.kanban.core.model.DiagnosticKind;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.spi.Liveness;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchDispatch;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each diagnostic kind, produced by a scripted history and gone once its action is taken. */
@OnEachBackend
class DiagnosticsTest {
    final ScratchDispatch dispatch;
    final Board board;

    DiagnosticsTest(ScratchDispatch dispatch) {
        this.dispatch = dispatch;
        board = dispatch.board();
    }

    private List<Diagnostic> of(DiagnosticKind kind) {
        return board.diagnostics().list(Query.all()).stream().filter(d -> d.kind() == kind).toList();
    }

    private Diagnostic only(DiagnosticKind kind, String taskId) {
        List<Diagnostic> found = of(kind).stream().filter(d -> d.taskId().equals(taskId)).toList();
        assertEquals(1, found.size(), kind.wire() + " for " + taskId + ": " + board.diagnostics().list(Query.all()));
        return found.get(0);
    }

    private void tick(int failureLimit) {
        dispatch.tick(DispatchPolicy.defaults().withFailureLimit(failureLimit));
    }

    @Test
    void a_clean_board_has_no_diagnostics() {
        dispatch.card("fine", "dev");
        assertEquals(List.of(), board.diagnostics().list(Query.all()));
    }

    @Test
    void repeated_failures_after_the_breaker_trips_cleared_by_unblock() {
        Task t = dispatch.card("flaky", "dev");
        dispatch.launcher().failWith("no such binary");
        tick(2);
        dispatch.clock().advance(Duration.ofMinutes(1));
        tick(2);
        assertEquals(Status.BLOCKED, board.tasks().get(t.id()).status());

        Diagnostic d = only(DiagnosticKind.REPEATED_FAILURES, t.id());
        assertEquals(Severity.ERROR, d.severity());
        assertEquals(2, d.count());
        assertTrue(d.detail().contains("no such binary"), d.detail());
        assertEquals(List.of("spawn_failed", "gave_up"), d.data().get("outcomes"));
        assertEquals("unblock", d.actions().get(0).kind());
        assertTrue(d.actions().get(0).suggested());
        assertEquals(t.id(), d.actions().get(0).payload().get("task_id"));
        assertTrue(d.firstSeenAt() != null && !d.lastSeenAt().isBefore(d.firstSeenAt()));

        board.claims().unblock(t.id());
        assertEquals(List.of(), of(DiagnosticKind.REPEATED_FAILURES), "the action clears it");
    }

    @Test
    void repeated_crashes_when_the_worker_keeps_dying() {
        Task t = dispatch.card("crashy", "dev");
        for (int i = 0; i < 2; i++) {
            tick(5);
            Task running = board.tasks().get(t.id());
            dispatch.probe().set(running.workerPid(), Liveness.GONE);
            dispatch.clock().advance(Duration.ofMinutes(1));
            tick(5);
        }
        Diagnostic d = only(DiagnosticKind.REPEATED_CRASHES, t.id());
        assertEquals(Severity.WARNING, d.severity());
        assertEquals(2, d.count());
        assertEquals("cli_hint", d.actions().get(0).kind());
        assertEquals("kanban log " + t.id(), d.actions().get(0).payload().get("command"));
        assertEquals(List.of(), of(DiagnosticKind.REPEATED_FAILURES), "one diagnostic per cause");

        Task respawned = board.tasks().get(t.id());
        assertEquals(Status.RUNNING, respawned.status(), "the tick that saw the crash spawned it again");
        board.claims().complete(t.id(), io.kanban.core.model.Completion.withSummary("fixed")
                .forRun(respawned.currentRunId()));
        assertEquals(List.of(), of(DiagnosticKind.REPEATED_CRASHES));
    }

    @Test
    void stuck_in_blocked_after_a_day() {
        Task t = dispatch.card("question", "dev");
        board.claims().block(t.id(), "which database?", null);
        dispatch.clock().advance(Duration.ofHours(23));
        assertEquals(List.of(), of(DiagnosticKind.STUCK_IN_BLOCKED));
        dispatch.clock().advance(Duration.ofHours(2));
        Diagnostic d = only(DiagnosticKind.STUCK_IN_BLOCKED, t.id());
        assertEquals(25L, d.data().get("hours"));
        assertEquals("unblock", d.actions().get(0).kind());
        board.claims().unblock(t.id());
        assertEquals(List.of(), of(DiagnosticKind.STUCK_IN_BLOCKED));
    }

    @Test
    void block_unblock_cycling_three_blocks_in_a_day() {
        Task t = dispatch.card("loop", "dev");
        for (int i = 0; i < 3; i++) {
            board.claims().block(t.id(), "again " + i, null);
            dispatch.clock().advance(Duration.ofMinutes(10));
            if (i < 2) {
                board.claims().unblock(t.id());
            }
        }
        Diagnostic d = only(DiagnosticKind.BLOCK_UNBLOCK_CYCLING, t.id());
        assertEquals(3, d.count());
        assertEquals("comment", d.actions().get(0).kind());
        dispatch.clock().advance(Duration.ofHours(25));
        assertEquals(List.of(), of(DiagnosticKind.BLOCK_UNBLOCK_CYCLING), "the window moves on");
    }

    @Test
    void stranded_in_ready_with_our_cause_cleared_by_assigning() {
        Task t = dispatch.card("orphan", null);
        dispatch.clock().advance(Duration.ofMinutes(31));
        Diagnostic d = only(DiagnosticKind.STRANDED_IN_READY, t.id());
        assertEquals("unassigned", d.data().get("cause"));
        assertEquals("reassign", d.actions().get(0).kind());
        assertTrue(d.actions().get(0).suggested());
        board.tasks().assign(t.id(), "dev");
        tick(2);
        assertEquals(List.of(), of(DiagnosticKind.STRANDED_IN_READY), "spawned: no longer ready");
    }

    @Test
    void ghost_running_when_no_dispatcher_reclaims_an_expired_claim() {
        Task t = dispatch.card("ghost", "dev");
        board.claims().claim(t.id()).orElseThrow();
        Task running = board.tasks().get(t.id());
        Duration untilExpiry = Duration.between(dispatch.clock().instant(), running.claimExpires());
        dispatch.clock().advance(untilExpiry.plus(Diagnostics.GHOST_GRACE).plusMinutes(1));
        Diagnostic d = only(DiagnosticKind.GHOST_RUNNING, t.id());
        assertEquals(Severity.ERROR, d.severity());
        assertEquals("reclaim", d.actions().get(0).kind());
        assertEquals(running.currentRunId(), d.runId());
        tick(5); // a dispatcher reclaims the expired claim
        assertEquals(List.of(), of(DiagnosticKind.GHOST_RUNNING));
    }

    @Test
    void hallucinated_cards_after_a_refused_completion_cleared_when_the_card_is_done() {
        Task t = dispatch.card("plan", "pm");
        long runId = board.claims().claim(t.id()).orElseThrow().run().id();
        Task own = board.tasks().create(NewTask.titled("real child").assignee("dev").createdBy(t.id()).build()).task();
        Completion done = new Completion("planned", null, null, runId);
        assertThrows(HallucinatedCards.class,
                () -> board.claims().complete(t.id(), done, List.of(), List.of(own.id(), "t_doesnotexist")));

        Diagnostic d = only(DiagnosticKind.HALLUCINATED_CARDS, t.id());
        assertEquals(Severity.WARNING, d.severity());
        assertEquals(List.of("t_doesnotexist"), d.data().get("phantom"));
        assertEquals(1, d.count());
        assertEquals(List.of("comment", "reclaim", "cli_hint"), d.actions().stream().map(a -> a.kind()).toList());
        assertEquals(Status.RUNNING, board.tasks().get(t.id()).status(), "the refusal changed nothing");

        board.claims().complete(t.id(), done, List.of(), List.of(own.id()));
        assertEquals(List.of(), of(DiagnosticKind.HALLUCINATED_CARDS));
    }

    @Test
    void prose_phantom_refs_after_a_completion_naming_unknown_ids_cleared_by_an_edit_or_a_clean_completion() {
        Task t = dispatch.card("report", "writer");
        long runId = board.claims().claim(t.id()).orElseThrow().run().id();
        board.claims().complete(t.id(), new Completion("Handed to t_deadbeef0001.", null, null, runId));

        Diagnostic d = only(DiagnosticKind.PROSE_PHANTOM_REFS, t.id());
        assertEquals(Severity.WARNING, d.severity());
        assertEquals(List.of("t_deadbeef0001"), d.data().get("phantom_refs"));
        assertEquals(runId, d.runId());
        assertEquals(List.of("comment", "cli_hint"), d.actions().stream().map(a -> a.kind()).toList());
        assertEquals(Status.DONE, board.tasks().get(t.id()).status(), "advisory: the card is done");

        board.tasks().edit(t.id(), null, null, null, "Handed to the writer.");
        assertEquals(List.of(), of(DiagnosticKind.PROSE_PHANTOM_REFS), "an edit of the text clears it");

        Task clean = dispatch.card("clean", "writer");
        board.claims().complete(clean.id(), Completion.withSummary("Done, see " + t.id() + "."));
        assertEquals(List.of(), of(DiagnosticKind.PROSE_PHANTOM_REFS), "ids that exist are fine");
    }

    @Test
    void filters_by_severity_and_task_and_refuses_an_unknown_task() {
        Task blocked = dispatch.card("question", "dev");
        board.claims().block(blocked.id(), "?", null);
        Task ghost = dispatch.card("ghost", "dev");
        board.claims().claim(ghost.id()).orElseThrow();
        dispatch.clock().advance(Duration.ofHours(25));
        List<Diagnostic> all = board.diagnostics().list(Query.all());
        assertEquals(Severity.ERROR, all.get(0).severity(), "most severe first: " + all);
        assertEquals(List.of(ghost.id()), board.diagnostics().list(Query.all().withMinSeverity(Severity.ERROR))
                .stream().map(Diagnostic::taskId).toList());
        assertEquals(List.of(DiagnosticKind.STUCK_IN_BLOCKED), board.diagnostics()
                .list(Query.all().withTask(blocked.id())).stream().map(Diagnostic::kind).toList());
        assertThrows(TaskNotFound.class, () -> board.diagnostics().list(Query.all().withTask("t_nope")));
    }
}
