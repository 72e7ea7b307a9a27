package io.kanban.core.store;

import static io.kanban.core.store.jooq.Tables.TASKS;

import io.kanban.core.model.CardQuery;
import io.kanban.core.model.Status;
import io.kanban.core.model.TaskCard;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/**
 * The board view's reads: cards per column, and one column's cards a slice at a time, under a {@link CardQuery}
 * (filters and search run here, in the database, so a page never receives a whole large board).
 */
public final class CardPageStore {

    private CardPageStore() {
    }

    /**
     * Cards per status under the query; statuses without cards are absent.
     *
     * @param tx the open transaction
     * @param query which cards
     * @return the counts by status
     */
    public static Map<Status, Long> counts(Tx tx, CardQuery query) {
        Map<Status, Long> out = new LinkedHashMap<>();
        tx.fetch(tx.dsl().select(TASKS.STATUS, DSL.count()).from(TASKS).where(where(query)).groupBy(TASKS.STATUS),
                rs -> {
                    // Another kernel's status this one does not know has no column here.
                    for (Status s : Status.values()) {
                        if (s.wire().equals(rs.getString(1))) {
                            out.put(s, rs.getLong(2));
                        }
                    }
                    return null;
                });
        return out;
    }

    /**
     * The cards of one status under the query, in board order, {@code limit} from {@code offset}: done newest
     * completion first (what just finished is what an operator looks for; rows without a completion time last),
     * every other status by priority, age, insertion.
     *
     * @param tx the open transaction
     * @param query which cards
     * @param status the column
     * @param offset the position of the first card
     * @param limit how many cards
     * @return the cards
     */
    public static List<TaskCard> page(Tx tx, CardQuery query, Status status, int offset, int limit) {
        Map<String, List<String>> skillSets = new HashMap<>();
        List<SortField<?>> order = status == Status.DONE
                ? List.of(TASKS.COMPLETED_AT.desc().nullsLast(), TASKS.CREATED_AT.desc(), insertionOrder(tx).desc())
                : List.of(TASKS.PRIORITY.desc(), TASKS.CREATED_AT.asc(), insertionOrder(tx).asc());
        return tx.fetch(tx.dsl().select(TaskStore.Definitions.cardColumns()).from(TASKS)
                .where(TASKS.STATUS.eq(status.wire())).and(where(query))
                // Numbers inlined: the PostgreSQL rendering of bound LIMIT/OFFSET values does not keep their order.
                .orderBy(order).limit(DSL.inline(limit)).offset(DSL.inline(offset)), rs -> TaskStore.card(rs, skillSets));
    }

    private static Condition where(CardQuery q) {
        Condition c = DSL.noCondition();
        if (!q.includeArchived()) {
            c = c.and(TASKS.STATUS.ne(Status.ARCHIVED.wire()));
        }
        if (q.tenant() != null) {
            c = c.and(TASKS.TENANT.eq(q.tenant()));
        }
        if (q.assignee() != null) {
            c = c.and(TASKS.ASSIGNEE.eq(q.assignee()));
        }
        if (q.search() != null) {
            String s = q.search();
            c = c.and(TASKS.TITLE.containsIgnoreCase(s).or(TASKS.ID.containsIgnoreCase(s))
                    .or(TASKS.ASSIGNEE.containsIgnoreCase(s)).or(TASKS.SKILLS.containsIgnoreCase(s)));
        }
        return c;
    }

    private static Field<?> insertionOrder(Tx tx) {
        return switch (tx.dialect()) {
            case SQLITE -> TASKS.rowid();
            case POSTGRES -> DSL.field(DSL.name(TASKS.getName(), "rowid"), Long.class);
        };
    }
}
