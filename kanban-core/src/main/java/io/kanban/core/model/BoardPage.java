package io.kanban.core.model;

import java.util.List;

/**
 * A board bounded in size whatever the board's size: each column's count and its first cards, read in one
 * snapshot with the {@link BoardVersion} they are current to.
 *
 * @param version the board version the columns are current to
 * @param columns one page per column, in board order
 */
public record BoardPage(BoardVersion version, List<ColumnPage> columns) {

    /**
     * Copies the columns.
     *
     * @param version the board version the columns are current to
     * @param columns one page per column, in board order
     */
    public BoardPage {
        columns = List.copyOf(columns);
    }

    /**
     * Cards under the query in every column, shown or not.
     *
     * @return the sum of the columns' counts
     */
    public long total() {
        return columns.stream().mapToLong(ColumnPage::count).sum();
    }
}
