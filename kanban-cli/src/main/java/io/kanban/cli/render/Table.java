package io.kanban.cli.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain text table: a header row and columns padded to their widest cell; long cells are cut. */
public final class Table {
    static final int MAX_CELL = 60;

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    /**
     * A table with this header.
     *
     * @param header the column names
     */
    public Table(String... header) {
        this.columns = header.length;
        rows.add(header);
    }

    /**
     * Adds a row; a null cell shows as {@code -}, a missing one too.
     *
     * @param cells the cells, in column order
     * @return this table
     */
    public Table row(Object... cells) {
        String[] text = new String[columns];
        for (int i = 0; i < columns; i++) {
            Object cell = i < cells.length ? cells[i] : null;
            text[i] = cut(cell == null ? "-" : String.valueOf(cell).replace('\n', ' '));
        }
        rows.add(text);
        return this;
    }

    /**
     * @return whether it has no row but the header
     */
    public boolean isEmpty() {
        return rows.size() == 1;
    }

    /**
     * Prints the table.
     *
     * @param out where to print
     */
    public void print(PrintWriter out) {
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(width[i] - row[i].length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String cut(String s) {
        return s.length() <= MAX_CELL ? s : s.substring(0, MAX_CELL - 1) + "…";
    }
}
