package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanban.core.error.ClaimLost;
import io.kanban.core.error.IllegalTransition;
import io.kanban.core.error.ValidationError;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.Completion;
import io.kanban.core.model.Event;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.store.Json;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import io.kanban.core.testing.SettableClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@OnEachBackend
class ClaimTest {
    final SettableClock clock;
    final Board board;

    ClaimTest(ScratchBoard scratch) {
        clock = scratch.clock();
        board = scratch.board();
    }

    @Test
    void a_claim_opens_a_run_with_lock_and_expiry_in_the_same_transaction() {
        Task task = TestBoards.create(board, "work");
        ClaimedTask claim = board.claims().claim(task.id()).orElseThrow();

        Task running = board.tasks().get(task.id());
        assertEquals(Status.RUNNING, running.status());
        assertEquals("testhost:4242", running.claimLock());
        assertEquals(clock.instant().plus(BoardOptions.DEFAULT_CLAIM_TTL), running.claimExpires());
        assertEquals(claim.run().id(), running.currentRunId());
        Run run = board.runs().of(task.id()).get(0);
        assertTrue(run.isOpen());
        assertEquals("running", run.status());
        assertEquals("worker", run.profile());
        Event claimed = board.events().forTask(task.id(), 10).get(1);
        assertEquals("claimed", claimed.kind());
        assertEquals(claim.run().id(), claimed.runId());
        JsonNode payload = Json.readOrNull(claimed.payload());
        assertEquals("testhost:4242", payload.get("lock").asText());
        assertEquals(claim.run().id(), payload.get("run_id").asLong());
    }

    @Test
    void claim_returns_empty_when_another_worker_won() {
        Task task = TestBoards.create(board, "contested");
        assertTrue(board.claims().claim(task.id()).isPresent());
        assertEquals(Optional.empty(), board.claims().claim(task.id()));
        assertEquals(1, board.runs().of(task.id()).size());
    }

    @Test
    void claiming_a_task_that_waits_for_parents_is_an_illegal_transition() {
        Task parent = TestBoards.create(board, "p");
        Task child = TestBoards.create(board, "c", parent.id());
        assertThrows(IllegalTransition.class, () -> board.claims().claim(child.id()));
    }

    @Test
    void claim_next_takes_the_highest_priority_then_the_oldest_task_of_that_assignee() {
        Task first = board.tasks().create(NewTask.titled("first").assignee("a").build()).task();
        clock.advance(Duration.ofSeconds(1));
        Task urgent = board.tasks().create(NewTask.titled("urgent").assignee("a").priority(3).build()).task();
        board.tasks().create(NewTask.titled("other").assignee("b").priority(9).build());

        assertEquals(urgent.id(), board.claims().claimNext("a").orElseThrow().task().id());
        assertEquals(first.id(), board.claims().claimNext("a").orElseThrow().task().id());
        assertEquals(Optional.empty(), board.claims().claimNext("a"));
    }

    @Test
    void complete_closes_the_run_and_keeps_every_attempt_on_record() {
        Task task = TestBoards.create(board, "work");
        ClaimedTask first = board.claims().claim(task.id()).orElseThrow();
        board.claims().block(task.id(), "need the API key", first.run().id());
        board.claims().unblock(task.id());
        ClaimedTask second = board.claims().claim(task.id()).orElseThrow();
        Task done = board.claims().complete(task.id(),
                new Completion("shipped it", "all tests green", "{\"files\": 3}", second.run().id()));

        assertEquals(Status.DONE, done.status());
        assertEquals(done, board.tasks().get(task.id()));
        List<Run> runs = board.runs().of(task.id());
        assertEquals(2, runs.size());
        assertEquals(RunOutcome.BLOCKED, runs.get(0).outcome());
        assertEquals("need the API key", runs.get(0).error());
        assertEquals(RunOutcome.COMPLETED, runs.get(1).outcome());
        assertEquals("done", runs.get(1).status());
        assertEquals("{\"files\":3}", runs.get(1).metadata());
        assertEquals("shipped it", runs.get(1).summary());
        assertNull(done.claimLock());
        assertNull(done.currentRunId());
        Event completed = board.events().forTask(task.id(), 20).stream()
                .filter(e -> e.kind().equals("completed")).findFirst().orElseThrow();
        assertEquals(15, Json.readOrNull(completed.payload()).get("result_len").asInt());
    }

    @Test
    void a_worker_cannot_complete_a_run_it_no_longer_holds() {
        Task task = TestBoards.create(board, "work");
        ClaimedTask stale = board.claims().claim(task.id()).orElseThrow();
        board.tasks().move(task.id(), Status.READY, null);
        board.claims().claim(task.id()).orElseThrow();

        assertThrows(ClaimLost.class,
                () -> board.claims().complete(task.id(), Completion.withSummary("late").forRun(stale.run().id())));
        assertThrows(ClaimLost.class, () -> board.claims().heartbeat(task.id(), null, stale.run().id()));
        assertEquals(Status.RUNNING, board.tasks().get(task.id()).status());
    }

    @Test
    void heartbeat_extends_the_claim_of_task_and_run() {
        Task task = TestBoards.create(board, "long job");
        board.claims().claim(task.id()).orElseThrow();
        clock.advance(Duration.ofMinutes(10));
        Task beat = board.claims().heartbeat(task.id(), "50% through", null);
        assertEquals(clock.instant(), beat.lastHeartbeatAt());
        assertEquals(clock.instant().plus(BoardOptions.DEFAULT_CLAIM_TTL), beat.claimExpires());
        assertEquals(beat.claimExpires(), board.runs().of(task.id()).get(0).claimExpires());
        assertThrows(IllegalTransition.class, () -> board.claims().heartbeat(TestBoards.create(board, "idle").id(),
                null, null));
    }

    @Test
    void completing_a_ready_task_with_a_summary_records_a_zero_length_run() {
        Task task = TestBoards.create(board, "trivial");
        board.claims().complete(task.id(), Completion.withSummary("nothing to do"));
        Run run = board.runs().of(task.id()).get(0);
        assertEquals(run.startedAt(), run.endedAt());
        assertEquals(RunOutcome.COMPLETED, run.outcome());
    }

    @Test
    void complete_refuses_bad_metadata_and_illegal_states() {
        Task task = TestBoards.create(board, "t");
        assertThrows(ValidationError.class,
                () -> board.claims().complete(task.id(), new Completion("s", null, "{not json", null)));
        assertThrows(ValidationError.class,
                () -> board.claims().complete(task.id(), new Completion("s", null, "[1,2]", null)));
        assertThrows(ValidationError.class, () -> board.claims().block(task.id(), " ", null));
        board.claims().complete(task.id(), Completion.withSummary("ok"));
        assertThrows(IllegalTransition.class, () -> board.claims().complete(task.id(), Completion.withSummary("x")));
        assertThrows(IllegalTransition.class, () -> board.claims().unblock(task.id()));
        Task parent = TestBoards.create(board, "p");
        Task child = TestBoards.create(board, "c", parent.id());
        assertThrows(IllegalTransition.class, () -> board.claims().complete(child.id(), Completion.withSummary("x")));
    }

    @Test
    void unblock_checks_parents_and_resets_the_failure_count() {
        Task parent = TestBoards.create(board, "p");
        Task child = TestBoards.create(board, "c");
        board.claims().block(child.id(), "waiting on design", null);
        board.links().link(parent.id(), child.id());
        assertEquals(Status.TODO, board.claims().unblock(child.id()).status());
        assertNotNull(board.events().forTask(child.id(), 10).stream().filter(e -> e.kind().equals("unblocked"))
                .findFirst().orElse(null));
    }

    @Test
    void block_leaves_a_blocked_comment_signed_by_the_caller_or_the_worker_in_one_transaction() {
        Task byHand = TestBoards.create(board, "by hand");
        board.claims().block(byHand.id(), "  which database?  ", null, "pm");
        List<io.kanban.core.model.Comment> comments = board.comments().list(byHand.id());
        assertEquals(1, comments.size());
        assertEquals("BLOCKED: which database?", comments.get(0).body());
        assertEquals("pm", comments.get(0).author());
        List<String> kinds = board.events().forTask(byHand.id(), 10).stream().map(Event::kind).toList();
        assertEquals(List.of("created", "commented", "blocked"), kinds);

        Task worked = TestBoards.create(board, "worked");
        ClaimedTask claim = board.claims().claim(worked.id()).orElseThrow();
        board.claims().block(worked.id(), "need the API key", claim.run().id());
        assertEquals("worker", board.comments().list(worked.id()).get(0).author(), "the assignee blocks its run");

        Task other = TestBoards.create(board, "other");
        board.claims().block(other.id(), "later", null);
        assertEquals(Comments.DEFAULT_AUTHOR, board.comments().list(other.id()).get(0).author());

        board.tasks().move(other.id(), Status.READY, null);
        board.tasks().move(other.id(), Status.BLOCKED, null);
        assertEquals(1, board.comments().list(other.id()).size(), "a move without a reason adds no comment");
        board.tasks().move(other.id(), Status.READY, null);
        board.tasks().move(other.id(), Status.BLOCKED, "waiting on legal");
        assertEquals("BLOCKED: waiting on legal", board.comments().list(other.id()).get(1).body());

        Task done = TestBoards.create(board, "done");
        board.claims().complete(done.id(), Completion.withSummary("ok"));
        assertThrows(IllegalTransition.class, () -> board.claims().block(done.id(), "too late", null));
        assertTrue(board.comments().list(done.id()).isEmpty(), "a refused block leaves no comment");
    }
}
