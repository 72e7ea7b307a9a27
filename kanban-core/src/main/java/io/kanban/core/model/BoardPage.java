package io.kanban.core.model;

import java.util.List;

/**
 * A board bounded in size whatever the board's size: each column's count and its first cards, read in one
 * snapshot with the {@link BoardVersion} they are current to.
 */
public record BoardPage(BoardVersion version, List<ColumnPage> columns) {

    public BoardPage {
        columns = List.copyOf(columns);
    }

    /** Cards under the query in every column, shown or not. */
    public long total() {
        return columns.stream().mapToLong(ColumnPage::count).sum();
    }
}
