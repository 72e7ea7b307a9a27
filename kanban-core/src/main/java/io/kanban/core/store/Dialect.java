package io.kanban.core.store;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamCastMode;
import org.jooq.conf.ParamType;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * The SQL backends a board can live on. Each store's statements are written once with jOOQ and rendered per
 * dialect; what differs beyond rendering is kept in few named places: {@link StatementSet} (claim-next locking,
 * insertion order, JSON arrays), {@link PostgresStatements} (parameter binding), {@link SqliteDatabase} and
 * {@link PostgresDatabase} (transactions, error mapping, waking readers) and {@link SqliteSchema} and
 * {@link PostgresSchema} (Flyway).
 */
public enum Dialect {
    /** The embedded default: one file, shared with the reference kernel. */
    SQLITE(SQLDialect.SQLITE, "statements-sqlite.properties"),
    /** A server shared by dispatchers and workers on many hosts. */
    POSTGRES(SQLDialect.POSTGRES, "statements-postgres.properties");

    /** The prefix of a PostgreSQL JDBC URL. */
    public static final String POSTGRES_URL_PREFIX = "jdbc:postgresql:";

    private final SQLDialect jooq;
    private final String resource;

    Dialect(SQLDialect jooq, String resource) {
        this.jooq = jooq;
        this.resource = resource;
    }

    /**
     * The dialect a board location names: a {@code jdbc:postgresql:} URL, or else a SQLite file.
     *
     * @param location a file path or JDBC URL
     * @return the dialect
     */
    public static Dialect of(String location) {
        return location != null && location.startsWith(POSTGRES_URL_PREFIX) ? POSTGRES : SQLITE;
    }

    String resource() {
        return resource;
    }

    /** Renders the fixed statements: named parameters ({@code :name}), every other value inlined. */
    DSLContext renderer() {
        return DSL.using(jooq, settings().withParamType(ParamType.NAMED_OR_INLINED));
    }

    /** Renders the few queries built at run time: every value a {@code ?} bind. */
    DSLContext indexedRenderer() {
        return DSL.using(jooq, settings().withParamType(ParamType.INDEXED));
    }

    /**
     * PostgreSQL types every parameter when it plans a statement and cannot type {@code ? is null} on its own,
     * so parameters carry a cast there; names stay unquoted, as on SQLite.
     */
    private Settings settings() {
        return this == POSTGRES
                ? new Settings().withRenderQuotedNames(RenderQuotedNames.NEVER).withParamCastMode(ParamCastMode.ALWAYS)
                : new Settings();
    }
}
