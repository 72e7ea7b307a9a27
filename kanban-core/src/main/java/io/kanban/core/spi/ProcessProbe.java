package io.kanban.core.spi;

/** Tells whether a worker process on this host still lives. Implemented by kanban-dispatcher. */
@FunctionalInterface
public interface ProcessProbe {
    /**
     * @param pid a pid a {@link WorkerLauncher} returned
     * @return whether that worker still lives
     */
    Liveness probe(long pid);
}
