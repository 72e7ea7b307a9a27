package io.kanban.core.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * PostgreSQL: the queries a transaction said it will need ({@link Tx#prefetch}). They travel to the server after the
 * next statement that goes there anyway, in the same text and round trip, and their rows wait here for the identical
 * query (same statement, mapper and arguments), which takes them once instead of asking the server. A write to a
 * table a waiting answer read drops that answer, so a query never gets rows from before the transaction's own
 * writes; the query then simply goes to the server.
 */
final class Prefetches {
    private final List<Prefetch<?>> unsent = new ArrayList<>();
    private final List<Prefetch<?>> answered = new ArrayList<>();

    /** One query: its resolved text and arguments, and its rows once the server answered. */
    static final class Prefetch<T> {
        private final Sql sql;
        private final PostgresStatements.Bound bound;
        private final RowMapper<T> mapper;
        private final Object[] args;
        private List<T> rows;

        Prefetch(Sql sql, PostgresStatements.Bound bound, RowMapper<T> mapper, Object[] args) {
            this.sql = sql;
            this.bound = bound;
            this.mapper = mapper;
            this.args = args.clone();
        }

        String text() {
            return bound.sql();
        }

        /** Binds the arguments after the first {@code offset} parameters of a multi-statement text. */
        int bind(PreparedStatement ps, int offset) throws SQLException {
            return bound.bind(ps, args, offset);
        }

        /** Keeps the server's answer, mapped now: the result set does not outlive the statement's next run. */
        void read(ResultSet rs) throws SQLException {
            List<T> mapped = new ArrayList<>();
            while (rs.next()) {
                mapped.add(mapper.map(rs));
            }
            rows = mapped;
        }

        boolean answers(Sql query, RowMapper<?> queryMapper, Object[] queryArgs) {
            return sql == query && mapper == queryMapper && Arrays.equals(args, queryArgs);
        }
    }

    void add(Prefetch<?> prefetch) {
        unsent.add(prefetch);
    }

    boolean hasUnsent() {
        return !unsent.isEmpty();
    }

    /** The queries not sent yet, handed to the statement about to go to the server; they count as sent. */
    List<Prefetch<?>> takeUnsent() {
        List<Prefetch<?>> taken = List.copyOf(unsent);
        unsent.clear();
        return taken;
    }

    /** Whether the text of a query not sent yet matches {@code test}. */
    boolean anyUnsent(Predicate<String> test) {
        return unsent.stream().anyMatch(p -> test.test(p.text()));
    }

    boolean holdsAnswers() {
        return !answered.isEmpty();
    }

    void answered(Prefetch<?> prefetch) {
        answered.add(prefetch);
    }

    /**
     * The rows the server already gave for this query, handed out once; null when it has none. An identical query
     * not sent yet is dropped: the caller asks the server now anyway.
     */
    @SuppressWarnings("unchecked")
    <T> List<T> take(Sql sql, RowMapper<T> mapper, Object[] args) {
        unsent.removeIf(p -> p.answers(sql, mapper, args));
        for (Iterator<Prefetch<?>> it = answered.iterator(); it.hasNext(); ) {
            Prefetch<?> p = it.next();
            if (p.answers(sql, mapper, args)) {
                it.remove();
                return (List<T>) p.rows;
            }
        }
        return null;
    }

    /** The transaction wrote {@code table}; null when the table is not known, which drops every answer. */
    void written(String table) {
        answered.removeIf(p -> table == null || p.text().contains(table));
    }
}
