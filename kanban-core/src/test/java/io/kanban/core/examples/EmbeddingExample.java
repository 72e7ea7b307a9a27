package io.kanban.core.examples;

import io.kanban.core.Board;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.Completion;
import io.kanban.core.model.Event;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskFilter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The embedding API end to end: a three-step pipeline (spec, build, review) where each step waits for the
 * previous one, worked through by claiming the next ready task of each profile. Pass a board file path, or it
 * uses {@code target/example/kanban.db}.
 */
public final class EmbeddingExample {
    private EmbeddingExample() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args.length > 0 ? args[0] : "target/example/kanban.db");
        run(file, System.out);
    }

    public static void run(Path file, PrintStream out) {
        try (Board board = Board.open(file)) {
            Task spec = board.tasks().create(NewTask.titled("Write the spec for CSV export").assignee("pm")
                    .body("Which columns, which encoding, how big can it get?").build()).task();
            Task build = board.tasks().create(NewTask.titled("Implement CSV export").assignee("backend-eng")
                    .parent(spec.id()).skill("java").build()).task();
            Task review = board.tasks().create(NewTask.titled("Review CSV export").assignee("reviewer")
                    .parent(build.id()).build()).task();
            out.printf("created %s (%s), %s (%s), %s (%s)%n", spec.id(), spec.status().wire(), build.id(),
                    build.status().wire(), review.id(), review.status().wire());

            for (String profile : new String[] {"pm", "backend-eng", "reviewer"}) {
                Optional<ClaimedTask> claim = board.claims().claimNext(profile);
                ClaimedTask c = claim.orElseThrow(() -> new IllegalStateException("nothing ready for " + profile));
                board.claims().heartbeat(c.task().id(), "halfway", c.run().id());
                Task done = board.claims().complete(c.task().id(), new Completion(profile + " finished",
                        null, "{\"profile\": \"" + profile + "\"}", c.run().id()));
                out.printf("%-11s completed %s: %s%n", profile, done.id(), done.title());
            }

            long cursor = 0;
            for (Event e : board.events().since(cursor, 100)) {
                out.printf("event %3d %-10s %s%n", e.id(), e.kind(), e.taskId());
            }
            for (Task t : board.tasks().list(TaskFilter.all())) {
                out.printf("%s %-5s %s%n", t.id(), t.status().wire(), t.title());
            }
            out.println("board file: " + board.location());
        }
    }
}
