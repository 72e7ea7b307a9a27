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
 * The fixed statements as the build rendered them, one resource per dialect ({@link Dialect#resource()}), keyed
 * {@code Store.NAME}. Without a rendered file (a build that skipped that step, an IDE) they are rendered on the
 * spot, which loads jOOQ.
 */
final class Statements {
    /** The SQLite texts: every process that opens a board needs them, so they are read once, when first asked. */
    private static final class Sqlite {
        static final Map<String, String> TEXTS = load(Dialect.SQLITE);
    }

    private Statements() {
    }

    static String sqlite(String key) {
        String sql = Sqlite.TEXTS.get(key);
        if (sql == null) {
            throw new IllegalStateException("no statement '" + key + "' in " + resourcePath(Dialect.SQLITE));
        }
        return sql;
    }

    /** Reads the SQLite texts ahead of the first store, on a spare thread of a short-lived process. */
    static void warmUp() {
        Sqlite.TEXTS.size();
    }

    static String resourcePath(Dialect dialect) {
        return "io/kanban/core/store/" + dialect.resource();
    }

    /** One {@code key=sql} line per statement, sorted, in the properties format. */
    static String format(Map<String, String> statements) {
        StringBuilder text = new StringBuilder("# Rendered by StatementRenderer during the build; do not edit.\n");
        new TreeMap<>(statements).forEach((key, sql) -> text.append(key).append('=')
                .append(sql.replace("\\", "\\\\").replace("\n", "\\n")).append('\n'));
        return text.toString();
    }

    static Map<String, String> load(Dialect dialect) {
        try (InputStream in = Statements.class.getResourceAsStream(dialect.resource())) {
            if (in == null) {
                return StatementRenderer.render(dialect);
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
