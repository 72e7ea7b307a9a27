package io.kanban.core.spi;

/** What a process probe says about a worker pid. */
public enum Liveness {
    ALIVE, GONE, ZOMBIE;

    public boolean isDead() {
        return this != ALIVE;
    }
}
