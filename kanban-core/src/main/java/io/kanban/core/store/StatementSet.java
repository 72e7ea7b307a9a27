package io.kanban.core.store;

import static io.kanban.core.store.jooq.Tables.TASKS;

import java.util.Map;
import java.util.TreeMap;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.SelectForUpdateStep;
import org.jooq.impl.DSL;

/**
 * What a store's {@link StatementSource} writes its statements into, for one dialect at a time: the jOOQ
 * context that renders them, and the few constructs that differ between SQLite and PostgreSQL beyond rendering.
 *
 * <p>Parameters made with {@link #param} come out as named parameters ({@code :name}), bound by position in
 * order of first appearance (SQLite's numbering; see {@link PostgresStatements} for PostgreSQL), so a statement
 * may use one name twice and bind it once. Every other value is inlined as a constant.
 */
final class StatementSet {
    /** Suffix of the variant a PostgreSQL write transaction runs instead (a read that locks what it returns). */
    static final String WRITE_VARIANT = "@write";
    /** jOOQ emulates RETURNING on SQLite through generated keys; SQLite has had it natively since 3.35. */
    private static final String RETURNING_ID = " returning id";

    private final Dialect dialect;
    private final DSLContext dsl;
    private final Map<String, String> statements = new TreeMap<>();
    private String prefix = "";

    StatementSet(Dialect dialect) {
        this.dialect = dialect;
        this.dsl = dialect.renderer();
    }

    /** Starts the statements of {@code store}: their keys are {@code Store.NAME}, as {@link Sql#of} looks them up. */
    StatementSet forStore(Class<?> store) {
        prefix = store.getSimpleName() + ".";
        return this;
    }

    Map<String, String> rendered() {
        return statements;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The jOOQ context that renders this set's dialect. */
    public DSLContext dsl() {
        return dsl;
    }

    public void put(String name, Query query) {
        put(name, query.getSQL());
    }

    public void put(String name, String sql) {
        if (statements.putIfAbsent(prefix + name, sql) != null) {
            throw new IllegalStateException("statement " + prefix + name + " is defined twice");
        }
    }

    /** An INSERT that hands back the new row's id (read it with {@code Tx.queryLong}). */
    public void putReturningId(String name, Query insert) {
        put(name, insert.getSQL() + RETURNING_ID);
    }

    /** A write that hands back {@code column} of each row it wrote (read it as a query). */
    public void putReturning(String name, Query write, Field<?> column) {
        put(name, write.getSQL() + " returning " + column.getName());
    }

    /**
     * A read of rows the caller may then change: in a PostgreSQL write transaction it locks them, so two writers
     * of one task take turns, as every writer does on SQLite.
     */
    public void putLockedInWrites(String name, SelectForUpdateStep<?> query) {
        put(name, query.getSQL());
        if (dialect == Dialect.POSTGRES) {
            put(name + WRITE_VARIANT, query.forUpdate().getSQL());
        }
    }

    /** A named parameter with the type and name of {@code column}. */
    public static <T> Field<T> param(Field<T> column) {
        return DSL.param(column.getName(), column.getDataType());
    }

    public static <T> Field<T> param(String name, Class<T> type) {
        return DSL.param(name, type);
    }

    /** The values of a JSON array parameter (text such as {@code ["a","b"]}), as a one-column table. */
    public Select<Record1<String>> jsonValues(Field<String> jsonArray) {
        Field<String> value = DSL.field(DSL.name("value"), String.class);
        return switch (dialect) {
            case SQLITE -> DSL.select(value).from(DSL.table("json_each({0})", jsonArray));
            case POSTGRES -> DSL.select(value)
                    .from(DSL.table("json_array_elements_text(cast({0} as json)) as j(value)", jsonArray));
        };
    }

    /**
     * Ties in a queue break by insertion order: SQLite's implicit rowid, a real identity column of that name in
     * the PostgreSQL layout (jOOQ would render rowid() there as ctid, which moves when a row is updated).
     */
    public Field<?> insertionOrder() {
        return switch (dialect) {
            case SQLITE -> TASKS.rowid();
            case POSTGRES -> DSL.field(DSL.name(TASKS.getName(), "rowid"), Long.class);
        };
    }

    /**
     * Claim-next on PostgreSQL locks the row it picks and skips rows other claimers hold, so concurrent claimers
     * spread over the queue instead of queueing on its head. SQLite has one writer at a time.
     */
    public String claimQueue(SelectForUpdateStep<?> query) {
        return switch (dialect) {
            case SQLITE -> query.getSQL();
            case POSTGRES -> query.forUpdate().skipLocked().getSQL();
        };
    }

    /**
     * Keeps a cursor read of the event log to events whose transactions have all finished, so that no event with a
     * lower id can commit after the read (see {@code V7__event_ids_from_transaction_ids.sql} on PostgreSQL). SQLite
     * commits one writer at a time, so every event it shows is below the horizon already.
     */
    public Condition belowEventHorizon(Field<Long> eventId) {
        return switch (dialect) {
            case SQLITE -> DSL.noCondition();
            case POSTGRES -> eventId.lt(DSL.field("kanban_event_horizon()", eventId.getDataType()));
        };
    }

    /** Locks every row the query returns, on PostgreSQL; SQLite's single writer needs no row locks. */
    public String lockAll(SelectForUpdateStep<?> query) {
        return dialect == Dialect.POSTGRES ? query.forUpdate().getSQL() : query.getSQL();
    }
}
