package io.kanban.core.store;

import io.kanban.core.error.StorageFailure;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.ResultQuery;
import org.jooq.conf.ParamType;

/**
 * One open transaction. It runs a store's fixed statements ({@link Sql}, rendered by the build) in the board's
 * dialect, hand-written portable SQL, and the few jOOQ queries built at run time, through cached prepared
 * statements; values are bound the way the reference layout stores them (Instant and Duration as epoch seconds,
 * enums by their wire names).
 */
public final class Tx {
    private final StatementCache statements;
    /** Null on SQLite, where the stores' statement texts run as they are. */
    private final PostgresStatements postgres;
    private final boolean write;
    private boolean eventsAppended;
    /** PostgreSQL: statements held by {@link #updateAtCommit} until the commit or a statement on their table. */
    private final List<Held> held = new ArrayList<>();
    /** PostgreSQL: queries said to be needed soon, and their answers ({@link #prefetch}). */
    private final Prefetches prefetches = new Prefetches();

    /** A statement held for the commit, with its arguments and the table it writes. */
    private record Held(PostgresStatements.Bound bound, Object[] args, String table) {
    }

    Tx(StatementCache statements) {
        this(statements, null, true);
    }

    Tx(StatementCache statements, PostgresStatements postgres, boolean write) {
        this.statements = statements;
        this.postgres = postgres;
        this.write = write;
    }

    /**
     * @return the database this transaction runs on
     */
    public Dialect dialect() {
        return postgres == null ? Dialect.SQLITE : Dialect.POSTGRES;
    }

    /**
     * A jOOQ context for building the few queries whose shape varies (the garbage collector's deletes); run
     * them with {@link #execute(Query)} or {@link #fetch}. Everything else uses the pre-rendered statements.
     *
     * @return the context
     */
    public DSLContext dsl() {
        return Dialect.SQLITE.indexedRenderer();
    }

    /**
     * True in a PostgreSQL write transaction: other transactions write the same rows concurrently there, so
     * the code that reads before it writes takes row locks (SQLite runs one writer at a time and never needs to).
     *
     * @return whether reads that precede writes must lock rows
     */
    public boolean locksRows() {
        return postgres != null && write;
    }

    /**
     * Serialises the write transactions that pass the same key, until commit (PostgreSQL's transaction advisory
     * lock). For checks over rows that do not exist yet, such as "no task has this idempotency key". SQLite's
     * single writer serialises them already.
     *
     * @param key the key
     */
    public void lockKey(String key) {
        if (locksRows()) {
            try {
                preparePostgres("select pg_advisory_xact_lock(hashtext(?))", bound(new Object[] {key}))
                        .results().close();
            } catch (SQLException e) {
                throw failure("advisory lock", e);
            }
        }
    }

    /**
     * Runs a store's fixed statement whose row count nobody reads, at the latest when the transaction commits. On
     * PostgreSQL it is held and goes to the server with the COMMIT, one round trip instead of two (the claim and
     * the completion each append an event last); a later statement that names the same table takes it along, ahead
     * of itself in the same round trip, so the transaction still reads what it wrote. SQLite pays no round trip per
     * statement: there it runs at once.
     *
     * @param sql an INSERT, UPDATE or DELETE of one table
     * @param args its parameters
     */
    public void updateAtCommit(Sql sql, Object... args) {
        if (postgres == null) {
            update(sql, args);
            return;
        }
        if (!write) {
            throw new IllegalStateException("a read transaction cannot write: " + sql.key());
        }
        PostgresStatements.Bound bound = postgres.resolve(sql, true);
        String table = tableWritten(bound.sql());
        prefetches.written(table);
        held.add(new Held(bound, args.clone(), table));
    }

    /**
     * Says this transaction will soon run {@code sql} with {@code args}, read by {@code mapper}. On PostgreSQL the
     * query goes to the server after the next statement sent there, in the same text and round trip, and the
     * identical {@link #query} or {@link #queryOne} (the same statement, mapper instance and arguments) takes its
     * rows without a round trip of its own. It sees the transaction as it stands after that next statement; a write
     * to a table it reads, made before the identical query asks, drops the answer, and the query runs again.
     * SQLite pays no round trip per statement: there this does nothing.
     */
    <T> void prefetch(Sql sql, RowMapper<T> mapper, Object... args) {
        if (postgres != null) {
            prefetches.add(new Prefetches.Prefetch<>(sql, postgres.resolve(sql, write), mapper, args));
        }
    }

    /** The rows a prefetch already brought for this query, or null. */
    private <T> List<T> prefetched(Sql sql, RowMapper<T> mapper, Object[] args) {
        return postgres == null ? null : prefetches.take(sql, mapper, args);
    }

    /** Before a PostgreSQL write runs: answers that read the table it writes no longer hold. */
    private void beforeWrite(String sql) {
        if (postgres == null || !prefetches.holdsAnswers()) {
            return;
        }
        String table;
        try {
            table = tableWritten(sql);
        } catch (IllegalArgumentException e) {
            table = null; // not plain DML: forget every answer
        }
        prefetches.written(table);
    }

    /** The table an INSERT, UPDATE or DELETE writes, from its text. */
    static String tableWritten(String sql) {
        String text = sql.strip().toLowerCase(java.util.Locale.ROOT);
        String rest = text.startsWith("insert into ") ? text.substring("insert into ".length())
                : text.startsWith("update ") ? text.substring("update ".length())
                : text.startsWith("delete from ") ? text.substring("delete from ".length()) : null;
        if (rest == null) {
            throw new IllegalArgumentException("not an INSERT, UPDATE or DELETE: " + abbreviate(sql));
        }
        int end = 0;
        while (end < rest.length() && (Character.isLetterOrDigit(rest.charAt(end)) || rest.charAt(end) == '_'
                || rest.charAt(end) == '.' || rest.charAt(end) == '"')) {
            end++;
        }
        String table = rest.substring(0, end).replace("\"", "");
        return table.substring(table.lastIndexOf('.') + 1);
    }

    /** True while statements wait for the commit. */
    boolean holdsStatements() {
        return !held.isEmpty();
    }

    /**
     * PostgreSQL: sends the held statements and then {@code tail} (statements without parameters, such as a COMMIT)
     * as one multi-statement text, in one round trip. The driver reports the first statement that failed; the
     * server skips the rest.
     *
     * @param tail what runs after the held statements
     * @throws SQLException as the driver reports it
     */
    void sendHeld(String tail) throws SQLException {
        PreparedStatement ps = statements.prepare(heldText() + tail);
        bindHeld(ps);
        held.clear();
        ps.execute();
    }

    private String heldText() {
        StringBuilder text = new StringBuilder();
        for (Held h : held) {
            text.append(h.bound().sql()).append("; ");
        }
        return text.toString();
    }

    /** Binds the held statements' arguments, which come first in the text; returns how many it bound. */
    private int bindHeld(PreparedStatement ps) throws SQLException {
        int offset = 0;
        for (Held h : held) {
            offset += h.bound().bind(ps, h.args(), offset);
        }
        return offset;
    }

    private boolean needsHeld(String sql) {
        for (Held h : held) {
            if (sql.contains(h.table())) {
                return true;
            }
        }
        return false;
    }

    /** Recorded by the event log, so the commit can wake whoever waits for new events. */
    void noteEventAppended() {
        eventsAppended = true;
    }

    boolean eventsAppended() {
        return eventsAppended;
    }

    /**
     * Runs a store's fixed statement; returns the row count.
     *
     * @param sql the statement
     * @param args its parameters
     * @return the row count
     */
    public int update(Sql sql, Object... args) {
        try {
            if (postgres != null) {
                beforeWrite(postgres.resolve(sql, write).sql());
            }
            return prepare(sql, args).count();
        } catch (SQLException e) {
            throw failure(sql.key(), e);
        }
    }

    /**
     * Runs a store's fixed query.
     *
     * @param <T> the row type
     * @param sql the query
     * @param mapper reads one row
     * @param args its parameters
     * @return the rows
     */
    public <T> List<T> query(Sql sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = prefetched(sql, mapper, args);
        if (rows != null) {
            return rows;
        }
        try {
            return readAll(prepare(sql, args), mapper);
        } catch (SQLException e) {
            throw failure(sql.key(), e);
        }
    }

    /**
     * Runs a store's fixed query and reads its first row.
     *
     * @param <T> the row type
     * @param sql the query
     * @param mapper reads the row
     * @param args its parameters
     * @return the row, or empty when there is none (or it maps to null)
     */
    public <T> Optional<T> queryOne(Sql sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = prefetched(sql, mapper, args);
        if (rows != null) {
            return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
        }
        try {
            return readFirst(prepare(sql, args), mapper);
        } catch (SQLException e) {
            throw failure(sql.key(), e);
        }
    }

    /**
     * Runs a store's fixed query whose first row's first column is a number.
     *
     * @param sql the query
     * @param args its parameters
     * @return the number, or 0 when there is no row
     */
    public long queryLong(Sql sql, Object... args) {
        return queryOne(sql, rs -> rs.getLong(1), args).orElse(0L);
    }

    /**
     * Runs SQL written by hand in the portable subset both dialects share, with {@code ?} parameters.
     *
     * @param portableSql the statement
     * @param args its parameters
     * @return the row count
     */
    public int update(String portableSql, Object... args) {
        beforeWrite(portableSql);
        try {
            return prepare(portableSql, args).count();
        } catch (SQLException e) {
            throw failure(portableSql, e);
        }
    }

    /**
     * Runs a hand-written portable query.
     *
     * @param <T> the row type
     * @param portableSql the query
     * @param mapper reads one row
     * @param args its parameters
     * @return the rows
     */
    public <T> List<T> query(String portableSql, RowMapper<T> mapper, Object... args) {
        try {
            return readAll(prepare(portableSql, args), mapper);
        } catch (SQLException e) {
            throw failure(portableSql, e);
        }
    }

    /**
     * Runs a hand-written portable query and reads its first row.
     *
     * @param <T> the row type
     * @param portableSql the query
     * @param mapper reads the row
     * @param args its parameters
     * @return the row, or empty when there is none (or it maps to null)
     */
    public <T> Optional<T> queryOne(String portableSql, RowMapper<T> mapper, Object... args) {
        try {
            return readFirst(prepare(portableSql, args), mapper);
        } catch (SQLException e) {
            throw failure(portableSql, e);
        }
    }

    /**
     * Runs a hand-written portable query whose first row's first column is a number.
     *
     * @param portableSql the query
     * @param args its parameters
     * @return the number, or 0 when there is no row
     */
    public long queryLong(String portableSql, Object... args) {
        return queryOne(portableSql, rs -> rs.getLong(1), args).orElse(0L);
    }

    /**
     * The lower-cased column names a query's result has (read from its metadata, so even an empty result names them).
     *
     * @param portableSql the query
     * @return the column names
     */
    public List<String> columnNames(String portableSql) {
        try (ResultSet rs = prepare(portableSql, new Object[0]).results()) {
            java.sql.ResultSetMetaData md = rs.getMetaData();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                names.add(md.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT));
            }
            return names;
        } catch (SQLException e) {
            throw failure(portableSql, e);
        }
    }

    private static <T> List<T> readAll(Ready statement, RowMapper<T> mapper) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (ResultSet rs = statement.results()) {
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
        }
        return rows;
    }

    private static <T> Optional<T> readFirst(Ready statement, RowMapper<T> mapper) throws SQLException {
        try (ResultSet rs = statement.results()) {
            return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
        }
    }

    /**
     * Runs a statement built with {@link #dsl()}.
     *
     * @param query the statement
     * @return the row count
     */
    public int execute(Query query) {
        if (postgres == null) {
            return update(query.getSQL(ParamType.INDEXED), query.getBindValues().toArray());
        }
        String sql = Dialect.POSTGRES.indexedRenderer().render(query);
        beforeWrite(sql);
        try {
            return preparePostgres(sql, bound(query.getBindValues().toArray())).count();
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /**
     * Runs a query built with {@link #dsl()}.
     *
     * @param <T> the row type
     * @param query the query
     * @param mapper reads one row
     * @return the rows
     */
    public <T> List<T> fetch(ResultQuery<?> query, RowMapper<T> mapper) {
        if (postgres == null) {
            return query(query.getSQL(ParamType.INDEXED), mapper, query.getBindValues().toArray());
        }
        String sql = Dialect.POSTGRES.indexedRenderer().render(query);
        try {
            return readAll(preparePostgres(sql, bound(query.getBindValues().toArray())), mapper);
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /** Runs SQLite's transaction control statements as written. */
    void raw(String sql) {
        try {
            statements.prepare(sql).executeUpdate();
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    private Ready prepare(Sql sql, Object[] args) throws SQLException {
        if (postgres == null) {
            return prepareSqlite(sql.sqlite(), args);
        }
        PostgresStatements.Bound bound = postgres.resolve(sql, write);
        return preparePostgres(bound.sql(), (ps, offset) -> bound.bind(ps, args, offset));
    }

    private Ready prepare(String portableSql, Object[] args) throws SQLException {
        if (postgres == null) {
            return prepareSqlite(portableSql, args);
        }
        return preparePostgres(portableSql, bound(args));
    }

    /** Binds {@code args} to the {@code ?}s after the first {@code offset} of a statement; returns how many. */
    @FunctionalInterface
    private interface Binder {
        int bind(PreparedStatement ps, int offset) throws SQLException;
    }

    private static Binder bound(Object[] args) {
        return (ps, offset) -> {
            bind(ps, args, offset);
            return args.length;
        };
    }

    /**
     * A statement ready to run. Its text may start with {@code heldAhead} held statements sent along with it, whose
     * results come before its own, and end with prefetched queries, whose rows come after its own and are kept in
     * {@code answers}.
     */
    private record Ready(PreparedStatement ps, int heldAhead, List<Prefetches.Prefetch<?>> along,
                         Prefetches answers) {
        Ready(PreparedStatement ps) {
            this(ps, 0, List.of(), null);
        }

        /** Runs a query and returns its rows, past the held statements' results. */
        ResultSet results() throws SQLException {
            if (heldAhead == 0 && along.isEmpty()) {
                return ps.executeQuery();
            }
            executePastHeld();
            ResultSet own = ps.getResultSet();
            readAlong();
            return own;
        }

        /** Runs a write and returns its own row count, past the held statements'. */
        int count() throws SQLException {
            if (heldAhead == 0 && along.isEmpty()) {
                return ps.executeUpdate();
            }
            executePastHeld();
            int own = ps.getUpdateCount();
            readAlong();
            return own;
        }

        private void executePastHeld() throws SQLException {
            ps.execute();
            for (int i = 0; i < heldAhead; i++) {
                ps.getMoreResults();
            }
        }

        /** Reads the prefetched queries' rows; the statement's own result set stays open for the caller. */
        private void readAlong() throws SQLException {
            for (Prefetches.Prefetch<?> p : along) {
                ps.getMoreResults(Statement.KEEP_CURRENT_RESULT);
                try (ResultSet rs = ps.getResultSet()) {
                    p.read(rs);
                }
                answers.answered(p);
            }
        }
    }

    /**
     * Prepares a PostgreSQL statement and binds it. When it names a table a held statement writes, the held statements
     * go ahead of it in the same text and round trip, and its own parameters follow theirs.
     */
    private Ready preparePostgres(String sql, Binder binder) throws SQLException {
        boolean withHeld = !held.isEmpty()
                && (needsHeld(sql) || prefetches.anyUnsent(this::needsHeld));
        if (!withHeld && !prefetches.hasUnsent()) {
            PreparedStatement ps = statements.prepare(sql);
            binder.bind(ps, 0);
            return new Ready(ps);
        }
        List<Prefetches.Prefetch<?>> along = prefetches.takeUnsent();
        StringBuilder text = new StringBuilder(withHeld ? heldText() : "").append(sql);
        for (Prefetches.Prefetch<?> p : along) {
            text.append("; ").append(p.text());
        }
        PreparedStatement ps = statements.prepare(text.toString());
        int offset = withHeld ? bindHeld(ps) : 0;
        int ahead = withHeld ? held.size() : 0;
        if (withHeld) {
            held.clear();
        }
        offset += binder.bind(ps, offset);
        for (Prefetches.Prefetch<?> p : along) {
            offset += p.bind(ps, offset);
        }
        return new Ready(ps, ahead, along, prefetches);
    }

    private Ready prepareSqlite(String sql, Object[] args) throws SQLException {
        PreparedStatement ps = statements.prepare(sql);
        // A cached statement keeps its last values (see StatementCache): every parameter must be bound anew.
        int expected = ps.getParameterMetaData().getParameterCount();
        if (args.length != expected) {
            throw new IllegalArgumentException("statement takes " + expected + " arguments, got " + args.length
                    + ": " + abbreviate(sql));
        }
        bind(ps, args, 0);
        return new Ready(ps);
    }

    private static void bind(PreparedStatement ps, Object[] args, int offset) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(offset + i + 1, toDatabase(args[i]));
        }
    }

    static Object toDatabase(Object value) {
        if (value instanceof Instant instant) {
            return instant.getEpochSecond();
        }
        if (value instanceof Duration duration) {
            return duration.toSeconds();
        }
        if (value instanceof Enum<?> e) {
            throw new IllegalArgumentException("bind enum " + e + " by its wire name");
        }
        return value;
    }

    private StorageFailure failure(String sql, SQLException e) {
        String what = "statement failed: " + abbreviate(sql);
        return postgres == null ? SqliteDatabase.storageFailure(what, e) : PostgresDatabase.storageFailure(what, e);
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 120 ? sql : sql.substring(0, 117) + "...";
    }
}
