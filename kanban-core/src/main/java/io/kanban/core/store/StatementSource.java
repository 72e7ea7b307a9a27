package io.kanban.core.store;

/**
 * A store's fixed statements, written with jOOQ from the generated tables. Each store keeps its source as a
 * nested {@code Definitions} class beside the code that runs the statements; the build renders every source for
 * every dialect once ({@link StatementRenderer}), so a process that uses the board never loads jOOQ for them.
 */
interface StatementSource {
    /** The store whose statements these are: its simple name prefixes their keys. */
    Class<?> store();

    void define(StatementSet set);
}
