package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.error.TaskNotFound;
import io.kanban.core.error.ValidationError;
import io.kanban.core.model.NotifySubscription;
import io.kanban.core.model.Task;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import java.util.List;
import org.junit.jupiter.api.Test;

@OnEachBackend
class NotifySubscriptionsTest {
    final Board board;

    NotifySubscriptionsTest(ScratchBoard scratch) {
        board = scratch.board();
    }

    @Test
    void subscribe_list_advance_and_unsubscribe() {
        Task task = TestBoards.create(board, "watched");
        NotifySubscription sub = board.notifySubscriptions().subscribe(task.id(), "telegram", "-100", null, "u1");
        assertEquals(board.events().latestId(), sub.lastEventId(), "a new subscription starts at the present");
        assertEquals("", sub.threadId());
        board.notifySubscriptions().subscribe(task.id(), "telegram", "-100", null, "u1");
        assertEquals(1, board.notifySubscriptions().list(task.id()).size(), "subscribing twice is harmless");

        board.comments().add(task.id(), "me", "news");
        long latest = board.events().latestId();
        assertTrue(board.notifySubscriptions().advance(sub, latest));
        assertFalse(board.notifySubscriptions().advance(sub, latest - 1), "the cursor never moves back");
        assertEquals(latest, board.notifySubscriptions().list(null).get(0).lastEventId());

        assertThrows(ValidationError.class,
                () -> board.notifySubscriptions().subscribe(task.id(), null, "-100", null, null));
        assertThrows(TaskNotFound.class,
                () -> board.notifySubscriptions().subscribe("t_nope", "slack", "C1", null, null));
        assertTrue(board.notifySubscriptions().unsubscribe(task.id(), "telegram", "-100", null));
        assertFalse(board.notifySubscriptions().unsubscribe(task.id(), "telegram", "-100", null));
        assertEquals(List.of(), board.notifySubscriptions().list(task.id()));
    }
}
