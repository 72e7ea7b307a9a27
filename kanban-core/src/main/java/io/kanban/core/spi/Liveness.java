package io.kanban.core.spi;

/** What a process probe says about a worker pid. */
public enum Liveness {
    /** The worker runs. */
    ALIVE,
    /** No such process: the worker ended (or never was). */
    GONE,
    /** The process ended but was not reaped: as dead as {@link #GONE}. */
    ZOMBIE;

    /** @return true unless {@link #ALIVE} */
    public boolean isDead() {
        return this != ALIVE;
    }
}
