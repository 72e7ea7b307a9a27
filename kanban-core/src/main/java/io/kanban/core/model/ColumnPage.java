package io.kanban.core.model;

import java.util.List;

/**
 * One column of a board view: how many cards the column holds under the query ({@code count}), and the slice of
 * them from {@code offset} in board order (priority first, then age).
 */
public record ColumnPage(Status status, long count, int offset, List<TaskCard> cards) {

    public ColumnPage {
        cards = List.copyOf(cards);
    }

    /** Whether cards follow this slice. */
    public boolean hasMore() {
        return offset + cards.size() < count;
    }
}
