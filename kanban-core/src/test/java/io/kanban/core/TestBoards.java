package io.kanban.core;

import io.kanban.core.model.NewTask;
import io.kanban.core.model.Task;
import io.kanban.core.testing.ScratchBoard;
import io.kanban.core.testing.SettableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Shared helpers: tasks made the short way, and a board file with a clock the test moves (SQLite-only tests). */
final class TestBoards {
    static final String START = ScratchBoard.START;

    private TestBoards() {
    }

    static Board open(Path dir, SettableClock clock) {
        return Board.open(BoardOptions.at(dir.resolve("kanban.db")).withClock(clock).withIdentity("testhost", 4242));
    }

    static Task create(Board board, String title) {
        return board.tasks().create(NewTask.titled(title).assignee("worker").build()).task();
    }

    static Task create(Board board, String title, String... parents) {
        return board.tasks().create(NewTask.titled(title).assignee("worker").parents(java.util.List.of(parents))
                .build()).task();
    }

    static Connection jdbc(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }
}
