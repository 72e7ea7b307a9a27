package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.error.HallucinatedCards;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.Completion;
import io.kanban.core.model.Event;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reference's created_cards gate: a completion may name only cards its worker created (created_by the task's
 * assignee or the task) or linked as children; anything else is refused on record and the task is left as it was.
 */
@OnEachBackend
class CreatedCardsGateTest {
    final Board board;

    CreatedCardsGateTest(ScratchBoard scratch) {
        board = scratch.board();
    }

    private ClaimedTask claimed() {
        String id = board.tasks().create(NewTask.titled("plan the release").assignee("lead").build()).task().id();
        return board.claims().claim(id).orElseThrow();
    }

    private Task card(String title, String createdBy) {
        return board.tasks().create(NewTask.titled(title).assignee("coder").createdBy(createdBy).build()).task();
    }

    @Test
    void cards_the_assignee_or_the_task_created_or_its_children_pass_the_gate() {
        ClaimedTask claim = claimed();
        String id = claim.task().id();
        Task byProfile = card("write the notes", "lead");
        Task byTask = card("tag the build", id);
        Task child = card("smoke test", "someone");
        board.links().link(id, child.id());
        Task done = board.claims().complete(id, Completion.withSummary("planned").forRun(claim.run().id()),
                List.of(), List.of(byProfile.id(), byTask.id(), child.id()));
        assertEquals(Status.DONE, done.status());
    }

    @Test
    void a_phantom_or_foreign_card_blocks_the_completion_on_record_and_changes_nothing() {
        ClaimedTask claim = claimed();
        String id = claim.task().id();
        Task mine = card("write the notes", "lead");
        Task foreign = card("someone else's", "ops");
        Task before = board.tasks().get(id);
        Completion completion = Completion.withSummary("planned").forRun(claim.run().id());

        HallucinatedCards e = assertThrows(HallucinatedCards.class, () -> board.claims().complete(id, completion,
                List.of(), List.of(mine.id(), "t_000000000000", foreign.id())));
        assertEquals("completion_blocked_hallucination", e.code());
        assertEquals("created_cards", e.field());
        assertEquals(List.of("t_000000000000", foreign.id()), e.phantom());
        assertTrue(e.getMessage().contains("t_000000000000"), e.getMessage());
        assertEquals(before, board.tasks().get(id), "the task is unchanged");
        assertTrue(board.runs().get(claim.run().id()).isOpen(), "the run goes on");
        Event audit = board.events().forTask(id, 50).stream()
                .filter(ev -> ev.kind().equals("completion_blocked_hallucination")).findFirst().orElseThrow();
        assertEquals(claim.run().id(), audit.runId());
        assertTrue(audit.payload().contains("\"phantom\":[\"t_000000000000\",\"" + foreign.id() + "\"]"),
                audit.payload());

        Task retried = board.claims().complete(id, completion, List.of(), List.of(mine.id()));
        assertEquals(Status.DONE, retried.status(), "a retry without the phantom ids completes");
    }

    @Test
    void no_created_cards_means_no_check() {
        ClaimedTask claim = claimed();
        Task done = board.claims().complete(claim.task().id(),
                Completion.withSummary("planned").forRun(claim.run().id()), null, null);
        assertEquals(Status.DONE, done.status());
    }
}
