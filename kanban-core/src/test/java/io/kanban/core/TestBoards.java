package io.kanban.core;

import io.kanban.core.model.NewTask;
import io.kanban.core.model.Task;
import io.kanban.core.testing.SettableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Shared helpers: boards on a real file (or PostgreSQL schema) with a clock the test moves. */
final class TestBoards {
    static final String START = "2026-01-05T09:00:00Z";

    private TestBoards() {
    }

    static Board open(Path dir, SettableClock clock) {
        return Board.open(BoardOptions.at(dir.resolve("kanban.db")).withClock(clock).withIdentity("testhost", 4242));
    }

    /** A fresh board on the backend the test runs on. */
    static Board open(TestBackend backend, Path dir, SettableClock clock) {
        return backend.open(backend.newBoard(dir), clock);
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
