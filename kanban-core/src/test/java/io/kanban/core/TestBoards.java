package io.kanban.core;

import io.kanban.core.model.NewTask;
import io.kanban.core.model.Task;

/** Tasks made the short way; boards come from {@link io.kanban.core.testing.ScratchBoard}. */
final class TestBoards {
    private TestBoards() {
    }

    static Task create(Board board, String title) {
        return board.tasks().create(NewTask.titled(title).assignee("worker").build()).task();
    }

    static Task create(Board board, String title, String... parents) {
        return board.tasks().create(NewTask.titled(title).assignee("worker").parents(java.util.List.of(parents))
                .build()).task();
    }
}
