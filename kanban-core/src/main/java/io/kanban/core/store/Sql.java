package io.kanban.core.store;

/**
 * One fixed statement of a store, found by name: {@code Sql.of(TaskStore.class, "CLAIM")} is the statement its
 * {@code Definitions} put as {@code "CLAIM"}. It holds the SQLite text; {@link Tx} runs that text on SQLite and
 * the PostgreSQL rendering of the same name on PostgreSQL.
 */
public final class Sql {
    private final String key;
    private final String sqlite;

    private Sql(String key, String sqlite) {
        this.key = key;
        this.sqlite = sqlite;
    }

    /** The statement {@code name} of {@code store}; fails at once when the build rendered no such statement. */
    static Sql of(Class<?> store, String name) {
        String key = store.getSimpleName() + "." + name;
        return new Sql(key, Statements.sqlite(key));
    }

    /** {@code Store.NAME}, the key in the rendered files of every dialect. */
    String key() {
        return key;
    }

    String sqlite() {
        return sqlite;
    }

    @Override
    public String toString() {
        return key;
    }
}
