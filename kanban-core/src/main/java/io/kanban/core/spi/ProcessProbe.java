package io.kanban.core.spi;

/** Tells whether a worker process on this host still lives. Implemented by kanban-dispatcher. */
@FunctionalInterface
public interface ProcessProbe {
    Liveness probe(long pid);
}
