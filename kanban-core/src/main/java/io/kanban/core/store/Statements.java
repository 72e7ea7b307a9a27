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
 * The fixed SQL statements, as the build rendered them from {@link StatementCatalog}. Loaded once; without the
 * rendered file (a build that skipped that step) they are rendered on the spot.
 */
final class Statements {
    static final String RESOURCE = "statements.properties";
    static final String RESOURCE_PATH = "io/kanban/core/store/" + RESOURCE;
    private static final Map<String, String> CATALOG = load();

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

    /** One {@code key=sql} line per statement, sorted, in the properties format. */
    static String format(Map<String, String> statements) {
        StringBuilder text = new StringBuilder("# Rendered by StatementCatalog during the build; do not edit.\n");
        statements.forEach((key, sql) -> text.append(key).append('=')
                .append(sql.replace("\\", "\\\\").replace("\n", "\\n")).append('\n'));
        return text.toString();
    }

    private static Map<String, String> load() {
        try (InputStream in = Statements.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return StatementCatalog.render();
            }
            Properties properties = new Properties();
            properties.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            Map<String, String> statements = new TreeMap<>();
            properties.forEach((k, v) -> statements.put((String) k, (String) v));
            return Map.copyOf(statements);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE_PATH, e);
        }
    }
}
