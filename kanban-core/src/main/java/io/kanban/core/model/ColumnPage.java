package io.kanban.core.model;

import java.util.List;

/**
 * One column of a board view: how many cards the column holds under the query ({@code count}), and the slice of
 * them from {@code offset} in board order (priority first, then age).
 *
 * @param status the column
 * @param count the cards the column holds under the query
 * @param offset the position of the slice's first card
 * @param cards the slice
 */
public record ColumnPage(Status status, long count, int offset, List<TaskCard> cards) {

    /**
     * Copies the cards.
     *
     * @param status the column
     * @param count the cards the column holds under the query
     * @param offset the position of the slice's first card
     * @param cards the slice
     */
    public ColumnPage {
        cards = List.copyOf(cards);
    }

    /**
     * Whether cards follow this slice.
     *
     * @return true if the column holds cards after the last one of this slice
     */
    public boolean hasMore() {
        return offset + cards.size() < count;
    }
}
