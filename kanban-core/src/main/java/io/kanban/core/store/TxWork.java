package io.kanban.core.store;

/**
 * A unit of work run inside one transaction (or savepoint) on the board.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface TxWork<T> {
    /**
     * Does the work.
     *
     * @param tx the transaction to use, and only it
     * @return the result
     */
    T run(Tx tx);
}
