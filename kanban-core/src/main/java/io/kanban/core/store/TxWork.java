package io.kanban.core.store;

/** A unit of work run inside one transaction (or savepoint) on the board. */
@FunctionalInterface
public interface TxWork<T> {
    T run(Tx tx);
}
