package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.Claims.Claimant;
import io.kanban.core.Claims.ReviewRequest;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.error.IllegalTransition;
import io.kanban.core.error.UnfinishedParents;
import io.kanban.core.error.ValidationError;
import io.kanban.core.model.BlockKind;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.Completion;
import io.kanban.core.model.Event;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.testing.FakeProcessProbe;
import io.kanban.core.testing.FakeWorkerLauncher;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import io.kanban.core.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The review lane, scheduling, typed blocks and the operator's verbs (HERMES-UPSTREAM §1), on each backend. */
@OnEachBackend
class WorkflowTest {
    final SettableClock clock;
    final Board board;

    WorkflowTest(ScratchBoard scratch) {
        clock = scratch.clock();
        board = scratch.board();
    }

    Task create(String title, String assignee, String... parents) {
        return board.tasks().create(NewTask.titled(title).assignee(assignee).parents(List.of(parents)).build())
                .task();
    }

    ClaimedTask claim(Task task) {
        return board.claims().claim(task.id()).orElseThrow();
    }

    List<String> kinds(String taskId) {
        return board.events().since(0, 10_000).stream().filter(e -> e.taskId().equals(taskId)).map(Event::kind)
                .toList();
    }

    Event last(String taskId, String kind) {
        List<Event> all = board.events().since(0, 10_000).stream()
                .filter(e -> e.taskId().equals(taskId) && e.kind().equals(kind)).toList();
        return all.get(all.size() - 1);
    }

    Run lastRun(String taskId) {
        List<Run> runs = board.tasks().detail(taskId).runs();
        return runs.get(runs.size() - 1);
    }

    // ---- review lane ----

    @Test
    void request_review_hands_the_task_to_the_reviewer_and_closes_the_implementers_run() {
        create("seed", "reviewer");
        Task t = create("feature", "coder");
        ClaimedTask c = claim(t);
        Task inReview = board.claims().requestReview(t.id(),
                new ReviewRequest("built it", "reviewer", "{\"pr\":1}", c.run().id(), false));
        assertEquals(Status.REVIEW, inReview.status());
        assertEquals("reviewer", inReview.assignee());
        assertNull(inReview.currentRunId());
        Run run = lastRun(t.id());
        assertEquals(RunOutcome.REVIEW_REQUESTED, run.outcome());
        assertEquals("built it", run.summary());
        String payload = last(t.id(), "review_requested").payload();
        assertTrue(payload.contains("\"implementer\":\"coder\"") && payload.contains("\"reviewer\":\"reviewer\""),
                payload);
    }

    @Test
    void request_review_needs_a_summary_and_a_reviewer_that_is_a_profile() {
        Task t = create("feature", "coder");
        assertEquals("summary", assertThrows(ValidationError.class,
                () -> board.claims().requestReview(t.id(), ReviewRequest.of(" "))).field());
        assertEquals("reviewer", assertThrows(ValidationError.class, () -> board.claims().requestReview(t.id(),
                new ReviewRequest("done", "nobody-here", null, null, false))).field());
        assertEquals(Status.READY, board.tasks().get(t.id()).status());
    }

    @Test
    void a_reviewer_run_is_claimed_from_review_and_its_claim_says_so() {
        Task t = create("feature", "coder");
        board.claims().requestReview(t.id(), ReviewRequest.of("ready for eyes"));
        assertThrows(IllegalTransition.class, () -> board.claims().claim(t.id()),
                "an ordinary claim does not take a review card");
        ClaimedTask review = board.claims().claimReview(t.id()).orElseThrow();
        assertEquals(Status.RUNNING, review.task().status());
        assertTrue(last(t.id(), "claimed").payload().contains("\"source_status\":\"review\""));
        assertTrue(board.claims().claimReview(t.id()).isEmpty(), "a second reviewer loses");
    }

    @Test
    void request_changes_returns_the_task_to_the_implementer_and_keeps_its_failures() {
        create("seed", "reviewer");
        Task t = create("feature", "coder");
        board.claims().requestReview(t.id(), new ReviewRequest("v1", "reviewer", null, null, false));
        ClaimedTask review = board.claims().claimReview(t.id()).orElseThrow();
        Task back = board.claims().requestChanges(t.id(), "tests missing", review.run().id());
        assertEquals(Status.READY, back.status());
        assertEquals("coder", back.assignee());
        assertEquals(RunOutcome.CHANGES_REQUESTED, lastRun(t.id()).outcome());
        String payload = last(t.id(), "changes_requested").payload();
        assertTrue(payload.contains("\"reviewer\":\"reviewer\""), payload);
        // Re-review goes to the reviewer who asked for changes, without naming them.
        claim(back);
        assertEquals("reviewer", board.claims().requestReview(t.id(), ReviewRequest.of("v2")).assignee());
    }

    @Test
    void only_a_reviewers_run_may_request_changes() {
        Task t = create("feature", "coder");
        claim(t);
        IllegalTransition refused = assertThrows(IllegalTransition.class,
                () -> board.claims().requestChanges(t.id(), "nope", null));
        assertTrue(refused.getMessage().contains("request changes"), refused.getMessage());
        Task r = create("other", "coder");
        assertThrows(IllegalTransition.class, () -> board.claims().requestChanges(r.id(), "not running", null));
    }

    @Test
    void a_reviewer_completes_without_a_summary_but_an_implementer_needs_one() {
        Task t = create("feature", "coder");
        ClaimedTask c = claim(t);
        ValidationError empty = assertThrows(ValidationError.class,
                () -> board.claims().complete(t.id(), new Completion(null, " ", null, c.run().id())));
        assertEquals("summary", empty.field());
        assertEquals(Status.RUNNING, board.tasks().get(t.id()).status());
        assertTrue(kinds(t.id()).contains("completion_blocked_empty_result"));
        board.claims().requestReview(t.id(), new ReviewRequest("v1", null, null, c.run().id(), false));
        ClaimedTask review = board.claims().claimReview(t.id()).orElseThrow();
        Task done = board.claims().complete(t.id(), new Completion(null, null, null, review.run().id()));
        assertEquals(Status.DONE, done.status());
    }

    @Test
    void a_crashed_timed_out_or_reclaimed_reviewer_run_returns_the_card_to_review_not_ready() {
        Task t = create("feature", "coder");
        board.claims().requestReview(t.id(), ReviewRequest.of("v1"));
        board.claims().claimReview(t.id()).orElseThrow();
        assertEquals(Status.REVIEW, board.tasks().reclaim(t.id(), "reviewer stuck").status());
        board.claims().claimReview(t.id()).orElseThrow();
        clock.advance(Duration.ofHours(2)); // the claim expires without a heartbeat
        board.dispatch().reclaimExpired(DispatchPolicy.defaults(), new java.util.ArrayList<>());
        assertEquals(Status.REVIEW, board.tasks().get(t.id()).status());
        Task plain = create("plain", "coder");
        claim(plain);
        assertEquals(Status.READY, board.tasks().reclaim(plain.id(), null).status());
    }

    @Test
    void when_both_lanes_have_work_the_ready_lane_leaves_one_slot_to_the_review_lane() {
        for (int i = 0; i < 3; i++) {
            create("ready " + i, "coder" + i);
        }
        Task r = create("to review", "reviewer");
        board.claims().requestReview(r.id(), ReviewRequest.of("v1"));
        FakeWorkerLauncher launcher = new FakeWorkerLauncher();
        TickReport report = board.dispatch().tick(DispatchPolicy.defaults().withGlobalLimit(2), launcher,
                new FakeProcessProbe());
        assertEquals(1, report.spawned().stream().filter(s -> !s.review()).count());
        assertEquals(List.of(r.id()), report.spawned().stream().filter(TickReport.Spawn::review)
                .map(TickReport.Spawn::taskId).toList());
        assertEquals("sdlc-review", launcher.launched().stream().filter(l -> l.task().id().equals(r.id()))
                .findFirst().orElseThrow().reviewSkill());
        assertEquals(Status.RUNNING, board.tasks().get(r.id()).status());
    }

    @Test
    void reopen_review_returns_the_card_to_its_implementer() {
        create("seed", "reviewer");
        Task t = create("feature", "coder");
        board.claims().requestReview(t.id(), new ReviewRequest("v1", "reviewer", null, null, false));
        Task reopened = board.tasks().reopenReview(t.id(), "not yet");
        assertEquals(Status.READY, reopened.status());
        assertEquals("coder", reopened.assignee());
        assertTrue(kinds(t.id()).contains("review_reopened"));
        assertThrows(IllegalTransition.class, () -> board.tasks().reopenReview(t.id(), null));
    }

    // ---- completion ----

    @Test
    void completing_a_task_whose_worker_is_alive_needs_its_run_or_force() {
        Task t = create("feature", "coder");
        ClaimedTask c = board.claims().claim(t.id(), new Claimant("host:1", 4242L, Duration.ofMinutes(15)))
                .orElseThrow();
        IllegalTransition refused = assertThrows(IllegalTransition.class,
                () -> board.claims().complete(t.id(), Completion.withSummary("by hand")));
        assertTrue(refused.getMessage().contains("4242"), refused.getMessage());
        assertEquals(Status.DONE, board.claims().complete(t.id(), Completion.withSummary("by hand").forced())
                .status());
        Task u = create("other", "coder");
        ClaimedTask d = board.claims().claim(u.id(), new Claimant("host:1", 4243L, Duration.ofMinutes(15)))
                .orElseThrow();
        assertEquals(Status.DONE, board.claims().complete(u.id(), Completion.withSummary("ok").forRun(d.run().id()))
                .status());
        assertTrue(c.run().id() > 0);
    }

    @Test
    void completion_is_refused_while_a_parent_is_unfinished() {
        Task parent = create("parent", "coder");
        Task child = create("child", "coder");
        board.claims().block(child.id(), "held", null);
        board.links().link(parent.id(), child.id());
        UnfinishedParents refused = assertThrows(UnfinishedParents.class,
                () -> board.claims().complete(child.id(), Completion.withSummary("early")));
        assertTrue(refused.getMessage().contains("waiting for " + parent.id() + " (ready, coder)"),
                refused.getMessage());
    }

    // ---- typed blocks ----

    @Test
    void a_dependency_block_waits_in_todo() {
        Task t = create("feature", "coder");
        claim(t);
        Task waiting = board.claims().block(t.id(), "needs the schema task", BlockKind.DEPENDENCY, null, null);
        assertEquals(Status.TODO, waiting.status());
        assertEquals("dependency", waiting.blockKind());
        assertTrue(kinds(t.id()).contains("dependency_wait"));
    }

    @Test
    void the_second_recurrence_of_one_block_kind_sends_the_card_to_triage() {
        Task t = create("feature", "coder");
        for (int i = 0; i < 2; i++) {
            Task blocked = board.claims().block(t.id(), "need input " + i, BlockKind.NEEDS_INPUT, null, null);
            assertEquals(Status.BLOCKED, blocked.status());
            assertEquals(i, blocked.blockRecurrences());
            Task unblocked = board.claims().unblock(t.id());
            assertEquals("needs_input", unblocked.blockKind(), "unblock keeps the kind");
        }
        Task looped = board.claims().block(t.id(), "need input again", BlockKind.NEEDS_INPUT, null, null);
        assertEquals(Status.TRIAGE, looped.status());
        assertTrue(last(t.id(), "block_loop_detected").payload().contains("\"recurrences\":2"));
    }

    @Test
    void another_kind_starts_the_count_again_and_untyped_blocks_do_not_count() {
        Task t = create("feature", "coder");
        board.claims().block(t.id(), "a", BlockKind.CAPABILITY, null, null);
        board.claims().unblock(t.id());
        board.claims().block(t.id(), "b", BlockKind.CAPABILITY, null, null);
        board.claims().unblock(t.id());
        Task other = board.claims().block(t.id(), "c", BlockKind.TRANSIENT, null, null);
        assertEquals(Status.BLOCKED, other.status());
        assertEquals(0, other.blockRecurrences());
        board.claims().unblock(t.id());
        for (int i = 0; i < 3; i++) {
            assertEquals(Status.BLOCKED, board.claims().block(t.id(), "plain", null).status());
            board.claims().unblock(t.id());
        }
        assertEquals("transient", board.tasks().get(t.id()).blockKind());
    }

    @Test
    void an_unknown_block_kind_is_a_validation_error() {
        assertEquals("kind", assertThrows(ValidationError.class, () -> BlockKind.parse("bored")).field());
        assertNull(BlockKind.parse(null));
        assertEquals(BlockKind.NEEDS_INPUT, BlockKind.parse("needs-input"));
    }

    @Test
    void completion_clears_the_block_kind() {
        Task t = create("feature", "coder");
        board.claims().block(t.id(), "a", BlockKind.CAPABILITY, null, null);
        board.claims().unblock(t.id());
        Task done = board.claims().complete(t.id(), Completion.withSummary("ok"));
        assertNull(board.tasks().get(done.id()).blockKind());
        assertEquals(0, board.tasks().get(done.id()).blockRecurrences());
    }

    // ---- scheduling ----

    @Test
    void a_scheduled_task_without_a_due_time_waits_for_unblock() {
        Task t = create("later", "coder");
        ClaimedTask c = claim(t);
        Task parked = board.claims().schedule(t.id(), "after the freeze", null, c.run().id());
        assertEquals(Status.SCHEDULED, parked.status());
        assertEquals(RunOutcome.SCHEDULED, lastRun(t.id()).outcome());
        clock.advance(Duration.ofDays(30));
        assertTrue(board.dispatch().wakeDue().isEmpty());
        assertEquals(Status.READY, board.claims().unblock(t.id()).status());
    }

    @Test
    void the_tick_wakes_due_cards_to_ready_or_todo_and_never_twice() {
        Task parent = create("parent", "coder");
        Task t = create("later", "coder");
        Task child = create("child", "coder", parent.id());
        board.links().unlink(parent.id(), child.id());
        board.claims().schedule(t.id(), null, DueTime.parse("+2h", clock.instant()), null);
        board.claims().schedule(child.id(), null, DueTime.parse("+1h", clock.instant()), null);
        board.links().link(parent.id(), child.id());
        assertTrue(tick().woken().isEmpty());
        clock.advance(Duration.ofMinutes(61));
        assertEquals(List.of(child.id()), tick().woken());
        assertEquals(Status.TODO, board.tasks().get(child.id()).status(), "a parent is still open");
        clock.advance(Duration.ofHours(1));
        assertEquals(List.of(t.id()), tick().woken());
        Task woken = board.tasks().get(t.id());
        assertNull(woken.scheduledUntil());
        assertTrue(tick().woken().isEmpty());
        assertEquals(1, kinds(t.id()).stream().filter("schedule_due"::equals).count());
    }

    TickReport tick() {
        return board.dispatch().tick(DispatchPolicy.defaults().withReviewSkill(null), new FakeWorkerLauncher(),
                new FakeProcessProbe());
    }

    @Test
    void due_times_parse_iso_and_delays_and_refuse_anything_else() {
        Instant now = Instant.parse("2026-01-05T09:00:00Z");
        assertEquals(now.plusSeconds(7200), DueTime.parse("+2h", now));
        assertEquals(now.plusSeconds(90), DueTime.parse("+90s", now));
        assertEquals(Instant.parse("2026-02-01T10:00:00Z"), DueTime.parse("2026-02-01T10:00:00Z", now));
        assertEquals(Instant.parse("2026-02-01T08:00:00Z"), DueTime.parse("2026-02-01T10:00+02:00", now));
        assertEquals("at", assertThrows(ValidationError.class, () -> DueTime.parse("tomorrow", now)).field());
        assertThrows(ValidationError.class, () -> DueTime.parse("+2y", now));
    }

    // ---- operator verbs ----

    @Test
    void promote_by_hand_names_each_unfinished_parent_and_show_gives_the_same_reason() {
        Task parent = create("parent", "coder");
        claim(parent);
        Task child = create("child", "writer", parent.id());
        UnfinishedParents refused = assertThrows(UnfinishedParents.class,
                () -> board.tasks().promote(child.id(), null, "me", false));
        assertTrue(refused.getMessage().contains("waiting for " + parent.id() + " (running, coder)"),
                refused.getMessage());
        assertEquals(List.of("waiting for " + parent.id() + " (running, coder)"),
                board.tasks().waitingFor(child.id()));
        assertThrows(UnfinishedParents.class, () -> board.tasks().promote(child.id(), null, "me", true));
        board.claims().complete(parent.id(), Completion.withSummary("ok"));
        Task blocked = create("blocked", "coder");
        board.claims().block(blocked.id(), "why", null);
        assertEquals(Status.BLOCKED, board.tasks().promote(blocked.id(), "fixed", "me", true).status(),
                "a dry run changes nothing");
        assertEquals(Status.READY, board.tasks().promote(blocked.id(), "fixed", "me", false).status());
        assertTrue(last(blocked.id(), "promoted_manual").payload().contains("\"actor\":\"me\""));
    }

    @Test
    void reclaim_closes_the_run_as_reclaimed_and_resets_failures() {
        Task t = create("feature", "coder");
        claim(t);
        clock.advance(Duration.ofHours(2));
        board.dispatch().reclaimExpired(DispatchPolicy.defaults(), new java.util.ArrayList<>());
        assertEquals(1, board.tasks().get(t.id()).consecutiveFailures());
        claim(board.tasks().get(t.id()));
        Task back = board.tasks().reclaim(t.id(), "stuck on a prompt");
        assertEquals(Status.READY, back.status());
        assertEquals(0, back.consecutiveFailures());
        assertEquals(RunOutcome.RECLAIMED, lastRun(t.id()).outcome());
        assertTrue(last(t.id(), "reclaimed").payload().contains("\"manual\":true"));
        assertThrows(IllegalTransition.class, () -> board.tasks().reclaim(t.id(), null));
    }

    @Test
    void a_worker_whose_run_was_taken_back_is_stopped_by_the_next_tick_once() {
        FakeWorkerLauncher launcher = new FakeWorkerLauncher();
        FakeProcessProbe probe = new FakeProcessProbe();
        DispatchPolicy policy = DispatchPolicy.defaults().withReviewSkill(null);
        Task t = create("feature", "coder");
        board.dispatch().tick(policy, launcher, probe);
        long pid = board.tasks().get(t.id()).workerPid();
        board.tasks().reclaim(t.id(), "wrong approach");
        board.dispatch().tick(policy, launcher, probe);
        assertEquals(List.of(pid), launcher.terminated());
        assertTrue(kinds(t.id()).contains("terminal_worker_reaped"));
        assertTrue(board.tasks().get(t.id()).workerPid() != pid, "the task's new worker is left alone");
        probe.set(pid, io.kanban.core.spi.Liveness.GONE);
        board.dispatch().tick(policy, launcher, probe);
        assertEquals(List.of(pid), launcher.terminated(), "a stopped worker is not signalled again");
    }

    @Test
    void reassign_a_running_task_only_with_reclaim() {
        Task t = create("feature", "coder");
        claim(t);
        assertThrows(IllegalTransition.class, () -> board.tasks().reassign(t.id(), "other", false, null));
        Task moved = board.tasks().reassign(t.id(), "other", true, "coder is stuck");
        assertEquals("other", moved.assignee());
        assertEquals(Status.READY, moved.status());
        assertTrue(last(t.id(), "assigned").payload().contains("\"from\":\"coder\""));
    }

    @Test
    void edit_changes_result_and_the_newest_runs_summary() {
        Task t = create("feature", "coder");
        assertThrows(ValidationError.class, () -> board.tasks().edit(t.id(), null, null, null, "no run yet"));
        board.claims().complete(t.id(), new Completion("first", "r1", null, null));
        Task edited = board.tasks().edit(t.id(), null, null, "r2", "corrected");
        assertEquals("r2", edited.result());
        assertEquals("corrected", lastRun(t.id()).summary());
    }

    @Test
    void reopening_a_done_task_sends_its_working_descendants_to_todo() {
        Task root = create("root", "coder");
        board.claims().complete(root.id(), Completion.withSummary("ok"));
        Task done = create("done child", "coder", root.id());
        board.claims().complete(done.id(), Completion.withSummary("ok"));
        Task running = create("running grandchild", "coder", done.id());
        claim(running);
        Task review = create("review child", "coder", root.id());
        board.claims().requestReview(review.id(), ReviewRequest.of("v1"));
        Task blocked = create("blocked child", "coder", root.id());
        board.claims().block(blocked.id(), "waiting", null);
        List<String> impact = board.tasks().reopenImpact(root.id()).stream().map(Task::id).toList();
        assertEquals(java.util.Set.of(done.id(), review.id(), running.id()), java.util.Set.copyOf(impact));
        assertEquals(running.id(), impact.get(2), "nearest first");

        board.tasks().move(root.id(), Status.TODO, null);
        for (String id : impact) {
            Task t = board.tasks().get(id);
            assertEquals(Status.TODO, t.status(), id);
            assertNull(t.currentRunId());
            assertTrue(kinds(id).contains("descendant_invalidated"), id);
        }
        assertEquals(Status.BLOCKED, board.tasks().get(blocked.id()).status());
        assertEquals(RunOutcome.RECLAIMED, lastRun(running.id()).outcome());
        assertEquals(Status.READY, board.tasks().get(root.id()).status());
    }

    // ---- moves by hand ----

    @Test
    void the_manual_move_table_is_the_references() {
        assertTrue(Lifecycle.byHand(Status.TODO, Status.SCHEDULED).isPresent());
        assertTrue(Lifecycle.byHand(Status.RUNNING, Status.REVIEW).isPresent());
        assertFalse(Lifecycle.byHand(Status.TODO, Status.BLOCKED).isPresent());
        assertFalse(Lifecycle.byHand(Status.SCHEDULED, Status.DONE).isPresent());
        assertFalse(Lifecycle.byHand(Status.REVIEW, Status.BLOCKED).isPresent());
        assertFalse(Lifecycle.byHand(Status.TRIAGE, Status.RUNNING).isPresent());
        assertEquals(List.of(Status.TRIAGE, Status.TODO, Status.SCHEDULED, Status.READY, Status.RUNNING,
                Status.BLOCKED, Status.REVIEW, Status.DONE), Lifecycle.columns());
        assertFalse(Lifecycle.dropTargets().contains(Status.REVIEW));
        assertFalse(Lifecycle.dropTargets().contains(Status.RUNNING));
    }

    @Test
    void a_refused_move_by_hand_names_the_rule() {
        Task t = create("feature", "coder");
        board.tasks().move(t.id(), Status.SCHEDULED, "later");
        IllegalTransition refused = assertThrows(IllegalTransition.class,
                () -> board.tasks().move(t.id(), Status.DONE, null));
        assertTrue(refused.getMessage().contains("complete"), refused.getMessage());
        assertEquals(Status.SCHEDULED, board.tasks().get(t.id()).status());
    }

    @Test
    void a_drag_to_review_and_back_goes_through_the_review_rows() {
        Task t = create("feature", "coder");
        assertEquals(Status.REVIEW, board.tasks().move(t.id(), Status.REVIEW, null).status());
        assertTrue(kinds(t.id()).contains("review_requested"));
        assertEquals(Status.READY, board.tasks().move(t.id(), Status.READY, null).status());
        assertEquals(Status.DONE, board.tasks().move(t.id(), Status.DONE, null).status());
    }
}
