package io.kanban.core;

import io.kanban.core.error.ValidationError;
import io.kanban.core.model.BoardPage;
import io.kanban.core.model.BoardVersion;
import io.kanban.core.model.CardFacts;
import io.kanban.core.model.CardQuery;
import io.kanban.core.model.ColumnPage;
import io.kanban.core.model.EventKind;
import io.kanban.core.model.Status;
import io.kanban.core.store.CardFactsStore;
import io.kanban.core.store.CardPageStore;
import io.kanban.core.store.EventStore;
import io.kanban.core.store.TaskStore;
import io.kanban.core.store.Tx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A board read a screenful at a time: each column's count and first cards ({@link #board}), then any column a
 * slice further ({@link #column}). What a page receives is bounded by the slice size, not by the board's size;
 * filters and search run in the database.
 */
public final class CardPages {
    /** The most cards one slice may hold. */
    public static final int MAX_SLICE = 500;

    private final BoardContext ctx;

    CardPages(BoardContext ctx) {
        this.ctx = ctx;
    }

    /**
     * The board's columns (archived too when the query includes it, and any other status that holds cards), each
     * with its count and its first {@code perColumn} cards, and the version they were read at, in one snapshot.
     *
     * @param query which cards
     * @param perColumn how many cards of each column
     * @return the columns and the version they are current to
     */
    public BoardPage board(CardQuery query, int perColumn) {
        checkSlice("limit", perColumn, 0);
        CardQuery scoped = scoped(query);
        if (scoped == null) {
            return new BoardPage(ctx.db.read(CardPages::version), List.of());
        }
        return ctx.db.read(tx -> {
            BoardVersion version = version(tx);
            Map<Status, Long> counts = CardPageStore.counts(tx, scoped);
            List<Status> shown = new ArrayList<>(Lifecycle.columns());
            if (scoped.includeArchived()) {
                shown.add(Status.ARCHIVED);
            }
            for (Status s : Status.values()) {
                if (counts.containsKey(s) && !shown.contains(s)) {
                    shown.add(s);
                }
            }
            List<ColumnPage> columns = new ArrayList<>();
            for (Status s : shown) {
                long count = counts.getOrDefault(s, 0L);
                columns.add(new ColumnPage(s, count, 0,
                        count == 0 || perColumn == 0 ? List.of() : CardPageStore.page(tx, scoped, s, 0, perColumn)));
            }
            return new BoardPage(version, columns);
        });
    }

    /**
     * The facts rich cards show for {@code ids} (unknown ids get none), read with one query per family of facts
     * in one snapshot, whatever the number of cards.
     *
     * @param ids the cards' task ids
     * @return the facts by task id
     */
    public Map<String, CardFacts> facts(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<String> kinds = Lifecycle.statusChangingKinds().stream().map(EventKind::wire).toList();
        return ctx.db.read(tx -> {
            Map<String, Instant> since = CardFactsStore.lastEventOf(tx, ids, kinds);
            Map<String, CardFactsStore.Progress> children = CardFactsStore.children(tx, ids);
            Map<String, Integer> parents = CardFactsStore.parents(tx, ids);
            Map<String, Integer> comments = CardFactsStore.comments(tx, ids);
            Map<String, String> summaries = CardFactsStore.latestSummaries(tx, ids);
            Map<String, CardFacts> out = new LinkedHashMap<>();
            for (String id : ids) {
                CardFactsStore.Progress p = children.getOrDefault(id, new CardFactsStore.Progress(0, 0));
                out.put(id, new CardFacts(id, since.get(id), p.total(), p.done(), parents.getOrDefault(id, 0),
                        comments.getOrDefault(id, 0), CardFacts.firstLine(summaries.get(id),
                        CardFacts.SUMMARY_LINE_MAX)));
            }
            return out;
        });
    }

    /**
     * {@code limit} cards of one column from {@code offset}, with the column's count under the query.
     *
     * @param query which cards
     * @param status the column
     * @param offset the position of the first card returned
     * @param limit how many cards
     * @return the slice and the column's count
     */
    public ColumnPage column(CardQuery query, Status status, int offset, int limit) {
        checkSlice("limit", limit, 1);
        if (offset < 0) {
            throw new ValidationError("offset", "must be 0 or more, got " + offset);
        }
        CardQuery scoped = scoped(query);
        if (scoped == null) {
            return new ColumnPage(status, 0, offset, List.of());
        }
        CardQuery q = status == Status.ARCHIVED ? new CardQuery(scoped.tenant(), scoped.assignee(), scoped.search(),
                true) : scoped;
        return ctx.db.read(tx -> new ColumnPage(status, CardPageStore.counts(tx, q).getOrDefault(status, 0L), offset,
                CardPageStore.page(tx, q, status, offset, limit)));
    }

    /** The query within this handle's tenant; null when it asks for another tenant (nothing to show). */
    private CardQuery scoped(CardQuery query) {
        if (ctx.tenant == null) {
            return query;
        }
        if (query.tenant() != null && !ctx.tenant.equals(query.tenant())) {
            return null;
        }
        return query.withTenant(ctx.tenant);
    }

    private static void checkSlice(String field, int value, int min) {
        if (value < min || value > MAX_SLICE) {
            throw new ValidationError(field, "must be " + min + " to " + MAX_SLICE + ", got " + value);
        }
    }

    private static BoardVersion version(Tx tx) {
        return new BoardVersion(EventStore.latestId(tx), TaskStore.count(tx));
    }
}
