package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kanban.core.examples.JavadocExamples;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.testing.JavadocExample;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples in the Javadoc of Board and KanbanMetrics are compiled code (JavadocExamples) that runs. */
class JavadocExamplesTest {
    static final Path MAIN = Path.of("src", "main", "java", "io", "kanban", "core");
    static final Path EXAMPLES = Path.of("src", "test", "java", "io", "kanban", "core", "examples",
            "JavadocExamples.java");

    @TempDir
    Path dir;

    @Test
    void each_javadoc_example_is_the_compiled_example_word_for_word() {
        assertEquals(JavadocExample.region(EXAMPLES, "Board"), JavadocExample.in(MAIN.resolve("Board.java")));
        assertEquals(JavadocExample.region(EXAMPLES, "KanbanMetrics"),
                JavadocExample.in(MAIN.resolve("metrics/KanbanMetrics.java")));
    }

    @Test
    void the_board_example_completes_its_task() {
        Task done = JavadocExamples.board(dir);
        assertEquals(Status.DONE, done.status());
    }

    @Test
    void the_metrics_example_binds_the_board_meters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Board board = Board.open(dir.resolve("kanban.db"))) {
            JavadocExamples.metrics(board, registry);
            assertEquals(0.0, registry.get("kanban.cards").tag("status", "ready").gauge().value());
        }
    }
}
