package io.kanban.core.store;

import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whole tables as rows of column values, for moving a board between files and servers: every column the table has
 * on the source, in a stable order; inserted back with the columns the target has. Holds no rules: which tables,
 * which columns to clear and which paths to rewrite is {@link io.kanban.core.BoardRows}'s business.
 */
public final class RowCopy {
    /** The tables a board's rows live in, parents before the rows that name them, with the order each is read in. */
    public static final Map<String, String> TABLES = orderedTables();
    /** Columns PostgreSQL fills itself and a copy must not write ({@code tasks.rowid}: insertion order). */
    private static final String GENERATED = "rowid";

    private RowCopy() {
    }

    private static Map<String, String> orderedTables() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("tasks", "rowid");
        t.put("task_links", "parent_id, child_id");
        t.put("task_runs", "id");
        t.put("task_comments", "id");
        t.put("task_events", "id");
        t.put("task_attachments", "id");
        return java.util.Collections.unmodifiableMap(t);
    }

    /**
     * The table's columns, as its database has them.
     *
     * @param tx the open transaction
     * @param table the table's name
     * @return the column names
     */
    public static List<String> columns(Tx tx, String table) {
        requireKnown(table);
        return tx.columnNames("select * from " + table + " where 1 = 0");
    }

    /**
     * Every row of {@code table} in its stable order, each a map of column name to value (numbers as Long).
     *
     * @param tx the open transaction
     * @param table the table's name
     * @return the rows
     */
    public static List<Map<String, Object>> read(Tx tx, String table) {
        requireKnown(table);
        return tx.query("select * from " + table + " order by " + TABLES.get(table), rs -> {
            ResultSetMetaData md = rs.getMetaData();
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String name = md.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT);
                Object value = rs.getObject(i);
                if (value instanceof Number n && !(value instanceof Double) && !(value instanceof Float)
                        && !(value instanceof java.math.BigDecimal)) {
                    value = n.longValue();
                }
                row.put(name, value);
            }
            return row;
        });
    }

    /**
     * How many rows the table holds.
     *
     * @param tx the open transaction
     * @param table the table's name
     * @return the count
     */
    public static long count(Tx tx, String table) {
        requireKnown(table);
        return tx.queryLong("select count(*) from " + table);
    }

    /**
     * Inserts {@code row}'s values for the columns in {@code columns} (the target's; others are left out).
     *
     * @param tx the open transaction
     * @param table the table's name
     * @param columns the target's columns
     * @param row the values by column name
     */
    public static void insert(Tx tx, String table, List<String> columns, Map<String, Object> row) {
        requireKnown(table);
        List<String> names = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (String c : columns) {
            if (!c.equals(GENERATED) && row.containsKey(c)) {
                names.add(c);
                values.add(row.get(c));
            }
        }
        StringBuilder sql = new StringBuilder("insert into ").append(table).append(" (");
        sql.append(String.join(", ", names.stream().map(n -> "\"" + n + "\"").toList())).append(") values (");
        sql.append(String.join(", ", java.util.Collections.nCopies(names.size(), "?"))).append(')');
        tx.update(sql.toString(), values.toArray());
    }

    /**
     * An attachment's bytes on a PostgreSQL board, kept in the database under its relative stored path.
     *
     * @param tx the open transaction
     * @param storedPath the blob's key
     * @param content the bytes
     */
    public static void insertBlob(Tx tx, String storedPath, byte[] content) {
        AttachmentStore.insertBlob(tx, storedPath, content);
    }

    /**
     * After rows were copied in with their ids, PostgreSQL's generators must continue above them: each identity
     * column's sequence moves to the largest id, and the board's {@code kanban_rebase_event_ids()} (migration V9)
     * rebases the event id functions so new events come after the copied ones. The tables that received rows are
     * analyzed: until autovacuum's next pass (up to a minute) the planner would take them for nearly empty and, for
     * the claim queue and the dispatch tick, read and sort every ready card (45 ms against 6 ms a tick on 20,000
     * cards). An empty table is left alone: statistics that call it empty would keep it costed as one page, and its
     * lookups as scans, while it grows.
     *
     * @param tx the open transaction
     */
    public static void continueAfterCopy(Tx tx) {
        if (tx.dialect() != Dialect.POSTGRES) {
            return; // SQLite's rowid and AUTOINCREMENT follow the largest id by themselves
        }
        for (String table : List.of("task_runs", "task_comments", "task_attachments")) {
            tx.queryOne("select setval(pg_get_serial_sequence('" + table + "', 'id'), max(id)) from " + table
                    + " having max(id) is not null", rs -> rs.getLong(1));
        }
        tx.queryOne("select kanban_rebase_event_ids()", rs -> 0); // migration V9 defines it
        List<String> filled = TABLES.keySet().stream()
                .filter(table -> tx.queryOne("select 1 from " + table + " limit 1", rs -> 1).isPresent())
                .toList();
        if (!filled.isEmpty()) {
            tx.update("analyze " + String.join(", ", filled));
        }
    }

    private static void requireKnown(String table) {
        if (!TABLES.containsKey(table)) {
            throw new IllegalArgumentException("not a board table: " + table);
        }
    }
}
