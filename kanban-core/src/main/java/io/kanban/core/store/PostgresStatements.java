package io.kanban.core.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL texts of the stores' statements, by name. SQLite numbers a named parameter once however often it
 * appears, and the stores bind in that numbering; the PostgreSQL driver knows only {@code ?}, one per appearance,
 * so each statement keeps which argument feeds each {@code ?}.
 */
final class PostgresStatements {
    /** A statement ready for the PostgreSQL driver: {@code args[i]} is the store argument for the i-th {@code ?}. */
    record Bound(String sql, int[] args) {
        /**
         * Binds {@code values} to this statement's {@code ?}s, which start after the first {@code offset} of
         * {@code ps} (a multi-statement text); returns how many it bound.
         */
        int bind(PreparedStatement ps, Object[] values, int offset) throws SQLException {
            if (values.length != arity()) {
                throw new IllegalArgumentException("statement takes " + arity() + " arguments, got " + values.length
                        + ": " + sql);
            }
            for (int i = 0; i < args.length; i++) {
                ps.setObject(offset + i + 1, Tx.toDatabase(values[args[i]]));
            }
            return args.length;
        }

        private int arity() {
            int max = 0;
            for (int a : args) {
                max = Math.max(max, a + 1);
            }
            return max;
        }
    }

    private final Map<String, Bound> plain = new HashMap<>();
    private final Map<String, Bound> inWrites = new HashMap<>();

    private PostgresStatements(Map<String, String> sqlite, Map<String, String> postgres) {
        for (Map.Entry<String, String> e : sqlite.entrySet()) {
            String pg = postgres.get(e.getKey());
            if (pg == null) {
                throw new IllegalStateException("statement " + e.getKey() + " has no PostgreSQL rendering");
            }
            plain.put(e.getKey(), bind(e.getValue(), pg));
            String locking = postgres.get(e.getKey() + StatementSet.WRITE_VARIANT);
            if (locking != null) {
                inWrites.put(e.getKey(), bind(e.getValue(), locking));
            }
        }
    }

    static PostgresStatements load() {
        return new PostgresStatements(Statements.load(Dialect.SQLITE), Statements.load(Dialect.POSTGRES));
    }

    /** The PostgreSQL form of a store's statement, in a write or a read transaction. */
    Bound resolve(Sql sql, boolean write) {
        Bound bound = write ? inWrites.get(sql.key()) : null;
        if (bound == null) {
            bound = plain.get(sql.key());
        }
        if (bound == null) {
            throw new IllegalStateException("no PostgreSQL rendering of " + sql.key());
        }
        return bound;
    }

    static Bound bind(String sqliteText, String postgresText) {
        Placeholders lite = Placeholders.scan(sqliteText);
        Placeholders pg = Placeholders.scan(postgresText);
        int[] args = new int[pg.names.size()];
        int anonymous = 0;
        for (int i = 0; i < args.length; i++) {
            String name = pg.names.get(i);
            if (name == null) {
                if (anonymous >= lite.anonymous.size()) {
                    throw new IllegalStateException("more ? on PostgreSQL than on SQLite in: " + postgresText);
                }
                args[i] = lite.anonymous.get(anonymous++);
            } else {
                Integer index = lite.indexByName.get(name);
                if (index == null) {
                    throw new IllegalStateException("parameter :" + name + " is not in the SQLite text of: "
                            + postgresText);
                }
                args[i] = index;
            }
        }
        return new Bound(pg.positional, args);
    }

    /** The parameters of one statement text, numbered as SQLite numbers them (0-based). */
    static final class Placeholders {
        /** One entry per appearance: the parameter's name, or null for a plain {@code ?}. */
        final List<String> names = new ArrayList<>();
        final Map<String, Integer> indexByName = new LinkedHashMap<>();
        final List<Integer> anonymous = new ArrayList<>();
        /** The text with every parameter written as {@code ?}. */
        final String positional;

        private Placeholders(String sql) {
            StringBuilder out = new StringBuilder(sql.length());
            int next = 0;
            char quote = 0;
            for (int i = 0; i < sql.length(); i++) {
                char ch = sql.charAt(i);
                if (quote != 0) {
                    if (ch == quote) {
                        quote = 0;
                    }
                    out.append(ch);
                } else if (ch == '\'' || ch == '"') {
                    quote = ch;
                    out.append(ch);
                } else if (ch == '?') {
                    names.add(null);
                    anonymous.add(next++);
                    out.append('?');
                } else if (ch == ':' && i + 1 < sql.length() && isNameStart(sql.charAt(i + 1))
                        && (i == 0 || sql.charAt(i - 1) != ':')) {
                    int end = i + 1;
                    while (end < sql.length() && isNamePart(sql.charAt(end))) {
                        end++;
                    }
                    String name = sql.substring(i + 1, end);
                    names.add(name);
                    if (!indexByName.containsKey(name)) {
                        indexByName.put(name, next++);
                    }
                    // PostgreSQL types each parameter from its context and finds none in "? is null" (jOOQ
                    // renders no cast there); any type answers "is null", so give it text.
                    out.append(sql.startsWith(" is null", end) || sql.startsWith(" is not null", end)
                            ? "cast(? as text)" : "?");
                    i = end - 1;
                } else {
                    out.append(ch);
                }
            }
            positional = out.toString();
        }

        static Placeholders scan(String sql) {
            return new Placeholders(sql);
        }

        private static boolean isNameStart(char ch) {
            return Character.isLetter(ch) || ch == '_';
        }

        private static boolean isNamePart(char ch) {
            return Character.isLetterOrDigit(ch) || ch == '_';
        }
    }
}
