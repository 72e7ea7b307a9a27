package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.error.IllegalTransition;
import io.kanban.core.error.ValidationError;
import io.kanban.core.model.Event;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference's per-card reasoning effort: stored in tasks.reasoning_effort, set and cleared with an event. */
@OnEachBackend
class ReasoningEffortTest {
    final Board board;

    ReasoningEffortTest(ScratchBoard scratch) {
        board = scratch.board();
    }

    private List<Event> events(String id) {
        return board.events().forTask(id, 100).stream().filter(e -> e.kind().equals("reasoning_effort_set")).toList();
    }

    @Test
    void a_level_is_set_and_cleared_with_one_event_each() {
        Task t = board.tasks().create(NewTask.titled("think hard").assignee("dev").build()).task();
        assertNull(t.reasoningEffort());
        assertEquals("high", board.tasks().setReasoningEffort(t.id(), "HIGH ").reasoningEffort());
        assertEquals("high", board.tasks().get(t.id()).reasoningEffort());
        assertEquals("none", board.tasks().setReasoningEffort(t.id(), "none").reasoningEffort(),
                "none is a level of its own (reasoning off), not a clear");
        assertNull(board.tasks().setReasoningEffort(t.id(), "default").reasoningEffort());
        List<Event> set = events(t.id());
        assertEquals(3, set.size());
        assertTrue(set.get(0).payload().contains("\"reasoning_effort\":\"high\""), set.get(0).payload());
        assertTrue(set.get(2).payload().contains("\"reasoning_effort\":null"), set.get(2).payload());
    }

    @Test
    void an_unknown_level_and_an_archived_card_are_refused_and_change_nothing() {
        Task t = board.tasks().create(NewTask.titled("t").assignee("dev").build()).task();
        ValidationError bad = assertThrows(ValidationError.class,
                () -> board.tasks().setReasoningEffort(t.id(), "--max"));
        assertTrue(bad.getMessage().contains("one of none, minimal, low, medium, high, xhigh"), bad.getMessage());
        board.tasks().move(t.id(), Status.ARCHIVED, null);
        assertThrows(IllegalTransition.class, () -> board.tasks().setReasoningEffort(t.id(), "low"));
        assertNull(board.tasks().get(t.id()).reasoningEffort());
        assertTrue(events(t.id()).isEmpty());
    }
}
