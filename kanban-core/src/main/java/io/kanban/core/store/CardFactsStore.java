package io.kanban.core.store;

import static io.kanban.core.store.jooq.Tables.TASKS;
import static io.kanban.core.store.jooq.Tables.TASK_COMMENTS;
import static io.kanban.core.store.jooq.Tables.TASK_EVENTS;
import static io.kanban.core.store.jooq.Tables.TASK_LINKS;
import static io.kanban.core.store.jooq.Tables.TASK_RUNS;

import io.kanban.core.model.Status;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.impl.DSL;

/**
 * Bulk reads behind rich cards: one query per family of facts for a whole set of cards (never one per card), each
 * answering a map from task id. Ids are sent in chunks well under every driver's parameter limit.
 */
public final class CardFactsStore {
    private static final int CHUNK = 500;

    /** Children of a task and how many of them are done. */
    public record Progress(int total, int done) {
    }

    private CardFactsStore() {
    }

    /**
     * The time of each task's newest event of the given kinds (the ones that set a status).
     *
     * @param tx the open transaction
     * @param ids the tasks
     * @param kinds the event kinds' wire names
     * @return the time by task id; tasks without such an event are left out
     */
    public static Map<String, Instant> lastEventOf(Tx tx, Collection<String> ids, Collection<String> kinds) {
        Map<String, Instant> out = new HashMap<>();
        for (List<String> chunk : chunks(ids)) {
            tx.fetch(tx.dsl().select(TASK_EVENTS.TASK_ID, DSL.max(TASK_EVENTS.CREATED_AT)).from(TASK_EVENTS)
                    .where(TASK_EVENTS.TASK_ID.in(chunk)).and(TASK_EVENTS.KIND.in(kinds))
                    .groupBy(TASK_EVENTS.TASK_ID), rs -> out.put(rs.getString(1), TaskStore.instant(rs, 2)));
        }
        return out;
    }

    /**
     * Each parent's children (archived ones left out) and how many are done.
     *
     * @param tx the open transaction
     * @param ids the parents
     * @return the progress by parent id
     */
    public static Map<String, Progress> children(Tx tx, Collection<String> ids) {
        Map<String, Progress> out = new HashMap<>();
        var done = DSL.sum(DSL.when(TASKS.STATUS.eq(Status.DONE.wire()), 1).otherwise(0));
        for (List<String> chunk : chunks(ids)) {
            tx.fetch(tx.dsl().select(TASK_LINKS.PARENT_ID, DSL.count(), done).from(TASK_LINKS)
                    .join(TASKS).on(TASKS.ID.eq(TASK_LINKS.CHILD_ID))
                    .where(TASK_LINKS.PARENT_ID.in(chunk)).and(TASKS.STATUS.ne(Status.ARCHIVED.wire()))
                    .groupBy(TASK_LINKS.PARENT_ID),
                    rs -> out.put(rs.getString(1), new Progress(rs.getInt(2), rs.getInt(3))));
        }
        return out;
    }

    /**
     * How many parents each task has.
     *
     * @param tx the open transaction
     * @param ids the tasks
     * @return the count by task id
     */
    public static Map<String, Integer> parents(Tx tx, Collection<String> ids) {
        Map<String, Integer> out = new HashMap<>();
        for (List<String> chunk : chunks(ids)) {
            tx.fetch(tx.dsl().select(TASK_LINKS.CHILD_ID, DSL.count()).from(TASK_LINKS)
                    .where(TASK_LINKS.CHILD_ID.in(chunk)).groupBy(TASK_LINKS.CHILD_ID),
                    rs -> out.put(rs.getString(1), rs.getInt(2)));
        }
        return out;
    }

    /**
     * How many comments each task has.
     *
     * @param tx the open transaction
     * @param ids the tasks
     * @return the count by task id
     */
    public static Map<String, Integer> comments(Tx tx, Collection<String> ids) {
        Map<String, Integer> out = new HashMap<>();
        for (List<String> chunk : chunks(ids)) {
            tx.fetch(tx.dsl().select(TASK_COMMENTS.TASK_ID, DSL.count()).from(TASK_COMMENTS)
                    .where(TASK_COMMENTS.TASK_ID.in(chunk)).groupBy(TASK_COMMENTS.TASK_ID),
                    rs -> out.put(rs.getString(1), rs.getInt(2)));
        }
        return out;
    }

    /**
     * The summary of each task's newest run that left one.
     *
     * @param tx the open transaction
     * @param ids the tasks
     * @return the summary by task id
     */
    public static Map<String, String> latestSummaries(Tx tx, Collection<String> ids) {
        Map<String, String> out = new HashMap<>();
        var newer = TASK_RUNS.as("newer");
        for (List<String> chunk : chunks(ids)) {
            tx.fetch(tx.dsl().select(TASK_RUNS.TASK_ID, TASK_RUNS.SUMMARY).from(TASK_RUNS)
                    .where(TASK_RUNS.TASK_ID.in(chunk)).and(TASK_RUNS.SUMMARY.isNotNull())
                    .andNotExists(DSL.selectOne().from(newer).where(newer.TASK_ID.eq(TASK_RUNS.TASK_ID))
                            .and(newer.SUMMARY.isNotNull()).and(newer.ID.gt(TASK_RUNS.ID))),
                    rs -> out.put(rs.getString(1), rs.getString(2)));
        }
        return out;
    }

    private static List<List<String>> chunks(Collection<String> ids) {
        List<String> all = List.copyOf(ids);
        List<List<String>> out = new java.util.ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return out;
    }
}
