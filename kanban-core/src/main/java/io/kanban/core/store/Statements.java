package io.kanban.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The fixed SQL statements, as the build rendered them from {@link StatementCatalog}, one file per dialect.
 * Stores hold the SQLite text of a statement: on SQLite it is what runs, on PostgreSQL it names the statement
 * whose PostgreSQL text runs instead (see {@link PostgresStatements}). Without a rendered file (a build that
 * skipped that step) the catalog is rendered on the spot.
 */
final class Statements {
    static final String RESOURCE = Dialect.SQLITE.resource();
    static final String RESOURCE_PATH = resourcePath(Dialect.SQLITE);
    /**
     * Suffix of a key whose text a PostgreSQL write transaction runs in place of the plain one (a read that
     * locks the rows it returns).
     */
    static final String WRITE_VARIANT = "@write";
    private static final Map<String, String> CATALOG = load(Dialect.SQLITE);

    private Statements() {
    }

    static String sql(String key) {
        String sql = CATALOG.get(key);
        if (sql == null) {
            throw new IllegalStateException("no statement '" + key + "' in " + RESOURCE_PATH);
        }
        return sql;
    }

    static Map<String, String> loaded() {
        return CATALOG;
    }

    static String resourcePath(Dialect dialect) {
        return "io/kanban/core/store/" + dialect.resource();
    }

    /** One {@code key=sql} line per statement, sorted, in the properties format. */
    static String format(Map<String, String> statements) {
        StringBuilder text = new StringBuilder("# Rendered by StatementCatalog during the build; do not edit.\n");
        statements.forEach((key, sql) -> text.append(key).append('=')
                .append(sql.replace("\\", "\\\\").replace("\n", "\\n")).append('\n'));
        return text.toString();
    }

    static Map<String, String> load(Dialect dialect) {
        try (InputStream in = Statements.class.getResourceAsStream(dialect.resource())) {
            if (in == null) {
                return StatementCatalog.render(dialect);
            }
            Properties properties = new Properties();
            properties.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            Map<String, String> statements = new TreeMap<>();
            properties.forEach((k, v) -> statements.put((String) k, (String) v));
            return Map.copyOf(statements);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resourcePath(dialect), e);
        }
    }
}
