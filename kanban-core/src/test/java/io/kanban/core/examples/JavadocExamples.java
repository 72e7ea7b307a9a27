package io.kanban.core.examples;

import io.kanban.core.Board;
import io.kanban.core.metrics.KanbanMetrics;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.Completion;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Task;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;

/** The examples in the Javadoc of core's entry points, compiled here and run by JavadocExamplesTest. */
public final class JavadocExamples {
    private JavadocExamples() {
    }

    public static Task board(Path dataDir) {
        // example: Board
        try (Board board = Board.open(dataDir.resolve("kanban.db"))) {       // created or migrated on open
            Task spec = board.tasks().create(NewTask.titled("Write the spec").assignee("pm").build()).task();
            ClaimedTask claim = board.claims().claimNext("pm").orElseThrow(); // empty when nothing is ready
            return board.claims().complete(spec.id(), new Completion("spec written", null, null, claim.run().id()));
        }
        // end
    }

    public static KanbanMetrics metrics(Board board, MeterRegistry registry) {
        // example: KanbanMetrics
        KanbanMetrics metrics = new KanbanMetrics(board);
        metrics.bindTo(registry);          // any MeterRegistry: Prometheus, OTLP, JMX, ...
        // ... on shutdown, before board.close():
        metrics.close();
        // end
        return metrics;
    }
}
