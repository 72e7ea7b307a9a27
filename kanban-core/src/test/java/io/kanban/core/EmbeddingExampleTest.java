package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.examples.EmbeddingExample;
import io.kanban.core.model.Status;
import io.kanban.core.model.TaskFilter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's embedding example, run through the public API only. */
class EmbeddingExampleTest {
    @TempDir
    Path dir;

    @Test
    void the_example_pipeline_runs_to_the_end_on_a_board_file() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EmbeddingExample.run(dir.resolve("board.db"), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("reviewer    completed"), out);
        try (Board board = Board.open(dir.resolve("board.db"))) {
            assertEquals(3, board.tasks().list(TaskFilter.all().withStatus(Status.DONE)).size());
            for (var task : board.tasks().list(TaskFilter.all())) {
                assertEquals(1, board.runs().of(task.id()).size(), "one attempt per task: " + task.id());
            }
        }
    }
}
