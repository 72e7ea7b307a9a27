package io.kanban.core.testing;

import io.kanban.core.spi.LaunchFailure;
import io.kanban.core.spi.LaunchRequest;
import io.kanban.core.spi.LaunchedWorker;
import io.kanban.core.spi.WorkerLauncher;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A launcher that starts nothing: it hands out pids, records requests, and can be told to fail. */
public final class FakeWorkerLauncher implements WorkerLauncher {
    private final AtomicLong nextPid = new AtomicLong(10_000);
    private final List<LaunchRequest> launched = new CopyOnWriteArrayList<>();
    private final List<Long> terminated = new CopyOnWriteArrayList<>();
    private volatile String failWith;

    /** Every later launch fails with this message; null makes launches succeed again. */
    public void failWith(String message) {
        this.failWith = message;
    }

    public List<LaunchRequest> launched() {
        return List.copyOf(launched);
    }

    public List<Long> terminated() {
        return List.copyOf(terminated);
    }

    @Override
    public LaunchedWorker launch(LaunchRequest request) throws LaunchFailure {
        if (failWith != null) {
            throw new LaunchFailure(failWith);
        }
        launched.add(request);
        return new LaunchedWorker(nextPid.incrementAndGet(), null);
    }

    @Override
    public boolean terminate(long pid, Duration grace) {
        terminated.add(pid);
        return false;
    }
}
