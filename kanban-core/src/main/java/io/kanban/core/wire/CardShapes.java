package io.kanban.core.wire;

import io.kanban.core.model.CardFacts;

/** What rich cards show beyond their row ({@link CardFacts}), sent beside the cards it belongs to. */
final class CardShapes {

    private CardShapes() {
    }

    static final Shape<CardFacts> FACTS = Shape.of(CardFacts.class, (f, out) -> {
        out.text("task_id", f.taskId());
        out.time("in_column_since", f.inColumnSince());
        out.number("children", f.children());
        out.number("children_done", f.childrenDone());
        out.number("parents", f.parents());
        out.number("comments", f.comments());
        out.text("latest_summary", f.latestSummary());
    });
}
