package io.kanban.core;

import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.error.KanbanException;
import io.kanban.core.model.Completion;
import io.kanban.core.model.Status;
import io.kanban.core.model.TaskFilter;
import io.kanban.core.spi.LaunchRequest;
import io.kanban.core.spi.LaunchedWorker;
import io.kanban.core.spi.Liveness;
import io.kanban.core.spi.WorkerLauncher;
import io.kanban.core.testing.FakeProcessProbe;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One host of the fleet simulation, as a separate JVM: {@code URL HOST TOTAL MODE}. It runs its own dispatcher
 * tick loop with a claim TTL of {@value #TTL_SECONDS} s until all TOTAL tasks are done. Its "workers" are
 * threads: each completes its task and prints {@code ran <task> <run> <host>}, except that a task's first attempt
 * crashes when its id hashes to 0 mod 5 (the thread ends without reporting and its pid reads as gone, so this
 * host's crash sweep reclaims it). In MODE {@code hang} the workers never finish: the test kills this host and
 * the others must reclaim its claims once they expire.
 */
public final class FleetHostMain {
    static final int TTL_SECONDS = 2;

    private FleetHostMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String host = args[1];
        int total = Integer.parseInt(args[2]);
        boolean hang = args[3].equals("hang");
        BoardOptions options = BoardOptions.at(url).withIdentity(host, ProcessHandle.current().pid())
                .withClaimTtl(Duration.ofSeconds(TTL_SECONDS));
        DispatchPolicy policy = DispatchPolicy.defaults().withPerAssigneeLimit(4).withGlobalLimit(16)
                .withFailureLimit(5);
        FakeProcessProbe probe = new FakeProcessProbe();
        try (Board board = Board.open(options)) {
            ThreadLauncher launcher = new ThreadLauncher(board, probe, host, hang);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (System.nanoTime() < deadline) {
                board.dispatch().tick(policy, launcher, probe);
                if (board.tasks().list(TaskFilter.all().withStatus(Status.DONE)).size() >= total) {
                    break;
                }
                Thread.sleep(50);
            }
        }
        System.out.flush();
    }

    /** Workers as threads with made-up pids, unique per host. */
    static final class ThreadLauncher implements WorkerLauncher {
        private final Board board;
        private final FakeProcessProbe probe;
        private final String host;
        private final boolean hang;
        private final AtomicLong pids = new AtomicLong(10_000);

        ThreadLauncher(Board board, FakeProcessProbe probe, String host, boolean hang) {
            this.board = board;
            this.probe = probe;
            this.host = host;
            this.hang = hang;
        }

        @Override
        public LaunchedWorker launch(LaunchRequest request) {
            long pid = pids.incrementAndGet();
            String taskId = request.task().id();
            long runId = request.run().id();
            boolean crash = Math.floorMod(taskId.hashCode(), 5) == 0 && request.task().consecutiveFailures() == 0;
            System.out.println("spawned " + taskId + " " + runId + " " + host);
            Thread worker = new Thread(() -> {
                if (hang) {
                    return; // claims stay open until this JVM is killed and they expire
                }
                try {
                    Thread.sleep(20);
                    if (crash) {
                        probe.set(pid, Liveness.GONE);
                        return;
                    }
                    board.claims().complete(taskId, Completion.withSummary("ran on " + host).forRun(runId));
                    System.out.println("ran " + taskId + " " + runId + " " + host);
                } catch (KanbanException e) {
                    System.out.println("lost " + taskId + " " + runId + " " + host + " " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            worker.start();
            return new LaunchedWorker(pid, null);
        }

        @Override
        public boolean terminate(long pid, Duration grace) {
            probe.set(pid, Liveness.GONE);
            return false;
        }
    }
}
