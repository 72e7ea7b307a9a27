package io.kanban.dispatcher.docs;

import io.kanban.core.Board;
import io.kanban.core.model.Completion;
import io.kanban.core.spi.LaunchFailure;
import io.kanban.core.spi.LaunchRequest;
import io.kanban.core.spi.LaunchedWorker;
import io.kanban.core.spi.Liveness;
import io.kanban.core.spi.ProcessProbe;
import io.kanban.core.spi.WorkerLauncher;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

// embedding: launcher
/**
 * Runs each claimed task as a job on a thread pool of this service instead of an OS process: the "pid" is a
 * job number, and the probe reports a job dead once it has finished without completing its task.
 */
final class InProcessLauncher implements WorkerLauncher, ProcessProbe, AutoCloseable {
    private final Board board;
    private final Function<LaunchRequest, String> work;   // does the task, returns its summary
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final AtomicLong nextJob = new AtomicLong(1_000_000);
    private final Map<Long, Future<?>> jobs = new ConcurrentHashMap<>();

    InProcessLauncher(Board board, Function<LaunchRequest, String> work) {
        this.board = board;
        this.work = work;
    }

    @Override
    public LaunchedWorker launch(LaunchRequest request) throws LaunchFailure {
        long job = nextJob.incrementAndGet();
        try {
            jobs.put(job, pool.submit(() -> {
                String summary = work.apply(request);
                board.claims().complete(request.task().id(),
                        new Completion(summary, null, null, request.run().id()));
            }));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new LaunchFailure("the worker pool is shut down", e);
        }
        return new LaunchedWorker(job, null);
    }

    @Override
    public boolean terminate(long job, Duration grace) {
        Future<?> f = jobs.remove(job);
        return f != null && f.cancel(true);
    }

    @Override
    public Liveness probe(long job) {
        Future<?> f = jobs.get(job);
        return f == null || f.isDone() ? Liveness.GONE : Liveness.ALIVE;
    }

    @Override
    public void close() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
    }
}
// end
