package io.kanban.core.spi;

/** Tells whether a worker process on this host still lives, and how much memory the host has left. */
@FunctionalInterface
public interface ProcessProbe {
    /**
     * @param pid a pid a {@link WorkerLauncher} returned
     * @return whether that worker still lives
     */
    Liveness probe(long pid);

    /**
     * The host's memory, for spawn throttling under pressure; empty when the host cannot tell (no throttling then).
     *
     * @return the host's memory figures, or empty (the default)
     */
    default java.util.Optional<HostMemory> memory() {
        return java.util.Optional.empty();
    }
}
