package io.kanban.cli.bench;

import io.kanban.core.spi.LaunchRequest;
import io.kanban.core.spi.LaunchedWorker;
import io.kanban.core.spi.Liveness;
import io.kanban.core.spi.ProcessProbe;
import io.kanban.core.spi.WorkerLauncher;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dispatcher's process side for a benchmark: launches hand out pids and start nothing, and every pid is
 * alive, so a tick's time is the kernel's own (sweeps, promotion, queue, claims), not process start-up.
 */
public final class NoWorkers implements WorkerLauncher {
    /** Every worker is alive: no sweep finds a crash to record. */
    public static final ProcessProbe ALL_ALIVE = pid -> Liveness.ALIVE;

    private final AtomicLong nextPid = new AtomicLong(10_000);

    @Override
    public LaunchedWorker launch(LaunchRequest request) {
        return new LaunchedWorker(nextPid.incrementAndGet(), null);
    }

    @Override
    public boolean terminate(long pid, Duration grace) {
        return false;
    }
}
