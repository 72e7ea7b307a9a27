package io.kanban.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.Board;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskFilter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Four CLI processes race `claim --assignee` on one board file: every task is claimed exactly once. */
class ClaimRaceTest {
    static final int TASKS = 10;
    static final int PROCESSES = 4;

    @TempDir
    Path dir;

    @Test
    void four_processes_claim_each_task_exactly_once() throws Exception {
        Path file = dir.resolve("board.db");
        Set<String> created = new HashSet<>();
        try (Board board = Board.open(file)) {
            for (int i = 0; i < TASKS; i++) {
                created.add(board.tasks().create(NewTask.titled("race " + i).assignee("racer").build()).task().id());
            }
        }
        List<String> claimed = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(PROCESSES);
        List<Future<Integer>> loops = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++) {
            loops.add(pool.submit(() -> {
                int mine = 0;
                while (true) {
                    ChildCli.Exit exit = ChildCli.run(file, "claim", "--assignee", "racer", "--json");
                    if (exit.code() == 1) {
                        assertTrue(exit.err().contains("no ready task for racer"), exit.err());
                        return mine;
                    }
                    assertEquals(0, exit.code(), exit.err());
                    claimed.add(Cli.JSON.readTree(exit.out()).get("task").get("id").asText());
                    mine++;
                }
            }));
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.MINUTES));
        for (Future<Integer> f : loops) {
            f.get();
        }
        assertEquals(TASKS, claimed.size(), "claims: " + claimed);
        assertEquals(created, new HashSet<>(claimed), "each task exactly once");
        try (Board board = Board.open(file)) {
            List<Task> running = board.tasks().list(TaskFilter.all().withStatus(Status.RUNNING));
            assertEquals(TASKS, running.size());
            for (Task t : running) {
                assertEquals(1, board.runs().of(t.id()).size(), "one run per task");
            }
        }
    }
}
