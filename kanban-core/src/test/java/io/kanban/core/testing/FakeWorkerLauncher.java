package io.kanban.core.testing;

import io.kanban.core.spi.LaunchFailure;
import io.kanban.core.spi.LaunchRequest;
import io.kanban.core.spi.LaunchedWorker;
import io.kanban.core.spi.WorkerLauncher;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A launcher that starts nothing: it hands out pids, records requests, and can be told to fail. */
public final class FakeWorkerLauncher implements WorkerLauncher {
    private final AtomicLong nextPid = new AtomicLong(10_000);
    private final List<LaunchRequest> launched = new CopyOnWriteArrayList<>();
    private final List<Long> terminated = new CopyOnWriteArrayList<>();
    private final Set<String> missingProfiles = ConcurrentHashMap.newKeySet();
    private volatile String failWith;
    private volatile String refuseWith;

    /** From now on this launcher has no worker profile named {@code profile}. */
    public void removeProfile(String profile) {
        missingProfiles.add(profile);
    }

    /** Every later launch fails with this message; null makes launches succeed again. */
    public void failWith(String message) {
        this.failWith = message;
    }

    /** Every later launch is refused by the "host" with this message (not counted); null lets launches through. */
    public void refuseWith(String message) {
        this.refuseWith = message;
    }

    public List<LaunchRequest> launched() {
        return List.copyOf(launched);
    }

    public List<Long> terminated() {
        return List.copyOf(terminated);
    }

    @Override
    public LaunchedWorker launch(LaunchRequest request) throws LaunchFailure {
        if (refuseWith != null) {
            throw LaunchFailure.refusedByHost(refuseWith, null);
        }
        if (failWith != null) {
            throw new LaunchFailure(failWith);
        }
        launched.add(request);
        return new LaunchedWorker(nextPid.incrementAndGet(), null);
    }

    @Override
    public Optional<String> unavailableProfile(String profile) {
        return missingProfiles.contains(profile) ? Optional.of("no profile '" + profile + "' (fake launcher)")
                : Optional.empty();
    }

    @Override
    public boolean terminate(long pid, Duration grace) {
        terminated.add(pid);
        return false;
    }
}
