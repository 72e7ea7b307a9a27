package io.kanban.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.error.IllegalTransition;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.Completion;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Run;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskFilter;
import io.kanban.core.testing.OnEachBackend;
import io.kanban.core.testing.ScratchBoard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many claimers, one board (file or PostgreSQL schema): every task is claimed exactly once and nothing is lost. */
@OnEachBackend
class ConcurrencyTest {
    static final int TASKS = 400;

    /** Where the board is: each test opens its own handles, as separate processes would. */
    final String file;

    ConcurrencyTest(ScratchBoard scratch) {
        file = scratch.location();
    }

    @Test
    void sixteen_threads_claim_every_task_exactly_once() throws Exception {
        List<String> ids = new ArrayList<>();
        try (Board board = Board.open(file)) {
            for (int i = 0; i < TASKS; i++) {
                ids.add(board.tasks().create(NewTask.titled("t" + i).assignee("w").build()).task().id());
            }
            List<String> claimed = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                futures.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    // Half the threads race for specific ids, half take the next in the queue.
                    for (String id : ids) {
                        Optional<ClaimedTask> won = Thread.currentThread().getName().hashCode() % 2 == 0
                                ? board.claims().claimNext("w") : claimIfReady(board, id);
                        won.ifPresent(c -> {
                            claimed.add(c.task().id());
                            board.claims().complete(c.task().id(),
                                    Completion.withSummary("ok").forRun(c.run().id()));
                        });
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();
            drain(board, claimed);
            assertEquals(TASKS, claimed.size(), "no task claimed twice");
            assertEquals(new HashSet<>(ids), new HashSet<>(claimed), "no task lost");
            for (String id : ids) {
                List<Run> runs = board.runs().of(id);
                assertEquals(1, runs.size(), id);
                assertEquals(Status.DONE, board.tasks().get(id).status());
            }
        }
    }

    @Test
    void four_processes_claim_every_task_exactly_once() throws Exception {
        Set<String> ids = new HashSet<>();
        try (Board board = Board.open(file)) {
            for (int i = 0; i < TASKS; i++) {
                ids.add(board.tasks().create(NewTask.titled("t" + i).assignee("w").build()).task().id());
            }
        }
        List<String> claimed = runWorkers(4, "claim", file);
        assertEquals(TASKS, claimed.size(), "no task claimed twice");
        assertEquals(ids, new HashSet<>(claimed), "no task lost");
        try (Board board = Board.open(file)) {
            assertEquals(TASKS, board.tasks().list(TaskFilter.all().withStatus(Status.DONE)).size());
        }
    }

    @Test
    void concurrent_creates_with_one_idempotency_key_make_one_task_across_threads_and_processes()
            throws Exception {
        Set<String> returned = Collections.synchronizedSet(new HashSet<>());
        try (Board board = Board.open(file)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        returned.add(board.tasks().create(NewTask.titled("once").idempotencyKey("deploy-42").build())
                                .task().id());
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();
        }
        returned.addAll(runWorkers(3, "create", file, "deploy-42", "20"));
        assertEquals(1, returned.size(), returned.toString());
        try (Board board = Board.open(file)) {
            assertEquals(1, board.tasks().list(TaskFilter.all()).size());
            Task other = board.forTenant("other").tasks().create(NewTask.titled("x").idempotencyKey("deploy-42")
                    .build()).task();
            assertTrue(!returned.contains(other.id()), "the key is per tenant");
        }
    }

    /** Racing for one id: losing means it is running elsewhere (empty) or already finished (refused). */
    private static Optional<ClaimedTask> claimIfReady(Board board, String id) {
        try {
            return board.claims().claim(id);
        } catch (IllegalTransition finishedByAnother) {
            assertEquals(Status.DONE, finishedByAnother.from());
            return Optional.empty();
        }
    }

    private static void drain(Board board, List<String> claimed) {
        Optional<ClaimedTask> c;
        while ((c = board.claims().claimNext("w")).isPresent()) {
            claimed.add(c.get().task().id());
            board.claims().complete(c.get().task().id(), Completion.withSummary("ok"));
        }
    }

    /** Starts {@code n} JVMs running {@link ClaimWorkerMain} and returns every line they printed. */
    static List<String> runWorkers(int n, String... args) throws IOException, InterruptedException {
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true", "-cp",
                    System.getProperty("java.class.path"), ClaimWorkerMain.class.getName()));
            command.addAll(List.of(args));
            processes.add(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        List<String> lines = new ArrayList<>();
        for (Process p : processes) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(5, TimeUnit.MINUTES));
            assertEquals(0, p.exitValue(), "worker process failed");
            out.lines().filter(l -> l.startsWith("t_")).forEach(lines::add);
        }
        return lines;
    }
}
