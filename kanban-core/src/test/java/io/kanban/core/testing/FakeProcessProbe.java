package io.kanban.core.testing;

import io.kanban.core.spi.Liveness;
import io.kanban.core.spi.ProcessProbe;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A probe whose answers a test sets per pid; unknown pids are alive. */
public final class FakeProcessProbe implements ProcessProbe {
    private final Map<Long, Liveness> states = new ConcurrentHashMap<>();

    public void set(long pid, Liveness liveness) {
        states.put(pid, liveness);
    }

    @Override
    public Liveness probe(long pid) {
        return states.getOrDefault(pid, Liveness.ALIVE);
    }
}
