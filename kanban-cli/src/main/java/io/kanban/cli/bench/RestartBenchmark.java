package io.kanban.cli.bench;

import io.kanban.core.Board;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.Completion;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a PostgreSQL restart in the middle of claim+complete does: {@code threads} workers drain a board of
 * {@code tasks} cards on a scratch schema while, {@code delay} seconds in, this process runs the restart command
 * given (for example {@code pg_ctlcluster 15 main restart}). Prints the outage as the workers saw it (the longest
 * claim), the writes cut off during COMMIT (outcome unknown), whether every acknowledged completion is on the
 * board afterwards, whether any card went to two workers, and whether the run finished.
 *
 * <p>Run: {@code java -cp kanban-cli/target/kanban-cli.jar io.kanban.cli.bench.RestartBenchmark
 * jdbc:postgresql://... tasks threads delay-seconds restart command...}. It restarts the server it is given:
 * point it at a server nobody else is using.
 */
public final class RestartBenchmark {
    private RestartBenchmark() {
    }

    /**
     * Runs the measurement and prints its lines; exits 2 with a usage line when arguments are missing.
     *
     * @param args the PostgreSQL JDBC URL, the task count, the thread count, the seconds before the restart, then
     *     the restart command and its arguments
     * @throws Exception if the measurement fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: RestartBenchmark SERVER-URL TASKS THREADS DELAY-SECONDS RESTART-COMMAND...");
            System.exit(2);
        }
        String server = args[0];
        int tasks = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        double delay = Double.parseDouble(args[3]);
        List<String> restart = List.of(args).subList(4, args.length);
        PrintStream out = System.out;
        try (ClaimBenchmark.ScratchSchema schema = ClaimBenchmark.ScratchSchema.create(server);
             Board board = Board.open(schema.url())) {
            out.printf("restart: filling %,d cards with %d threads...%n", tasks, threads);
            fill(board, tasks, threads);
            ClaimBenchmark.analyzeOnServer(schema.url()); // as ClaimBenchmark does: plans for a full queue
            Set<String> completed = ConcurrentHashMap.newKeySet();
            Set<String> claimed = ConcurrentHashMap.newKeySet();
            Set<String> twice = ConcurrentHashMap.newKeySet();
            AtomicInteger unknown = new AtomicInteger();
            AtomicLong longestClaim = new AtomicLong();
            List<Thread> workers = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            long begin = System.nanoTime();
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(() -> {
                    try {
                        drain(board, completed, claimed, twice, unknown, longestClaim);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "restart-worker-" + i);
                workers.add(t);
                t.start();
            }
            Thread.sleep((long) (delay * 1000));
            out.printf("restart: %d cards completed after %.1f s; running %s%n", completed.size(),
                    (System.nanoTime() - begin) / 1e9, String.join(" ", restart));
            long r0 = System.nanoTime();
            int code = new ProcessBuilder(restart).inheritIO().start().waitFor();
            out.printf("restart: the command exited %d after %.1f s%n", code, (System.nanoTime() - r0) / 1e9);
            for (Thread t : workers) {
                t.join();
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            int missing = 0;
            for (String id : completed) {
                if (board.tasks().get(id).status() != Status.DONE) {
                    missing++;
                }
            }
            out.printf("restart: run finished in %.1f s, %,d cycles (%,.0f/s overall); longest claim %.2f s;"
                            + " %d workers failed%n", seconds, completed.size(), completed.size() / seconds,
                    longestClaim.get() / 1e9, failures.size());
            out.printf("restart: %d writes cut off during COMMIT (outcome unknown); acknowledged completions"
                    + " missing from the board: %d; cards claimed twice: %d%n", unknown.get(), missing, twice.size());
            for (Throwable f : failures) {
                out.println("restart: worker failure: " + f);
            }
        }
    }

    private static void fill(Board board, int tasks, int threads) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Thread> fillers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                for (int n; (n = next.getAndIncrement()) < tasks; ) {
                    board.tasks().create(NewTask.titled("restart task " + n).assignee("bench").build());
                }
            });
            fillers.add(t);
            t.start();
        }
        for (Thread t : fillers) {
            t.join();
        }
    }

    private static void drain(Board board, Set<String> completed, Set<String> claimed, Set<String> twice,
                              AtomicInteger unknown, AtomicLong longestClaim) {
        while (true) {
            long t0 = System.nanoTime();
            Optional<Optional<ClaimedTask>> attempt =
                    ClaimBenchmark.unlessCutOff(() -> board.claims().claimNext(null), unknown);
            if (attempt.isEmpty()) {
                continue;
            }
            Optional<ClaimedTask> claim = attempt.get();
            longestClaim.accumulateAndGet(System.nanoTime() - t0, Math::max);
            if (claim.isEmpty()) {
                return;
            }
            ClaimedTask got = claim.get();
            String id = got.task().id();
            if (!claimed.add(id)) {
                twice.add(id);
            }
            ClaimBenchmark.unlessCutOff(() -> board.claims().complete(id,
                    Completion.withSummary("bench").forRun(got.run().id())), unknown)
                    .ifPresent(done -> completed.add(id));
        }
    }
}
