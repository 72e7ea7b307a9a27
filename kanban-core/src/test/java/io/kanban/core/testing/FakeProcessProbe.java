package io.kanban.core.testing;

import io.kanban.core.spi.Liveness;
import io.kanban.core.spi.ProcessProbe;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A probe whose answers a test sets per pid; unknown pids are alive. */
public final class FakeProcessProbe implements ProcessProbe {
    private final Map<Long, Liveness> states = new ConcurrentHashMap<>();
    private volatile io.kanban.core.spi.HostMemory memory;

    /** The host memory {@link #memory()} reports from now on (null: unknown). */
    public void setMemory(io.kanban.core.spi.HostMemory value) {
        memory = value;
    }

    @Override
    public java.util.Optional<io.kanban.core.spi.HostMemory> memory() {
        return java.util.Optional.ofNullable(memory);
    }

    public void set(long pid, Liveness liveness) {
        states.put(pid, liveness);
    }

    @Override
    public Liveness probe(long pid) {
        return states.getOrDefault(pid, Liveness.ALIVE);
    }
}
