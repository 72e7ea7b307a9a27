package io.kanban.core.model;

import java.util.List;

/**
 * Cards read in one snapshot with the {@link BoardVersion} they are current to.
 *
 * @param version the board version the cards are current to
 * @param cards the cards
 */
public record CardList(BoardVersion version, List<TaskCard> cards) {

    /**
     * Copies the cards.
     *
     * @param version the board version the cards are current to
     * @param cards the cards
     */
    public CardList {
        cards = List.copyOf(cards);
    }
}
