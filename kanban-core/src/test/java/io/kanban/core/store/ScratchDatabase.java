package io.kanban.core.store;

import io.kanban.core.Board;
import java.nio.file.Path;

/** A fresh board file with the current schema, opened as the bare storage layer for the store's own tests. */
final class ScratchDatabase {
    private ScratchDatabase() {
    }

    static SqliteDatabase open(Path dir) {
        Path file = dir.resolve("kanban.db");
        Board.open(file).close(); // creates the schema
        return SqliteDatabase.open(file);
    }
}
