package io.kanban.core.model;

import java.util.List;

/** Cards read in one snapshot with the {@link BoardVersion} they are current to. */
public record CardList(BoardVersion version, List<TaskCard> cards) {

    public CardList {
        cards = List.copyOf(cards);
    }
}
