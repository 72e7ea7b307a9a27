package io.kanban.core.store;

import static io.kanban.core.store.StatementSet.param;
import static io.kanban.core.store.jooq.Tables.KANBAN_NOTIFY_SUBS;
import static io.kanban.core.store.jooq.Tables.TASKS;
import static io.kanban.core.store.jooq.Tables.TASK_EVENTS;
import static io.kanban.core.store.jooq.Tables.TASK_LINKS;

import io.kanban.core.model.Event;
import java.time.Instant;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * The notifier's statements: the lease on a subscription (one conditional UPDATE whose row count says who holds
 * it), the cursor moves made only by the lease holder, and the event reads for each subscription scope.
 */
public final class DeliveryStore {
    private static final Sql CLAIM = Sql.of(DeliveryStore.class, "CLAIM");
    private static final Sql TAKE_OVER = Sql.of(DeliveryStore.class, "TAKE_OVER");
    private static final Sql DELIVERED = Sql.of(DeliveryStore.class, "DELIVERED");
    private static final Sql SKIPPED = Sql.of(DeliveryStore.class, "SKIPPED");
    private static final Sql FAILED = Sql.of(DeliveryStore.class, "FAILED");
    private static final Sql RELEASE = Sql.of(DeliveryStore.class, "RELEASE");
    private static final Sql LAST_EVENT_OF_TASK = Sql.of(DeliveryStore.class, "LAST_EVENT_OF_TASK");
    private static final Sql EVENTS_OF_TASK = Sql.of(DeliveryStore.class, "EVENTS_OF_TASK");
    private static final Sql EVENTS_OF_TREE = Sql.of(DeliveryStore.class, "EVENTS_OF_TREE");
    private static final Sql EVENTS_OF_TENANT = Sql.of(DeliveryStore.class, "EVENTS_OF_TENANT");
    private static final Sql EVENTS_OF_BOARD = Sql.of(DeliveryStore.class, "EVENTS_OF_BOARD");

    private DeliveryStore() {
    }

    /**
     * Takes or renews the lease when it is free, ours, or expired; false when another holder has it.
     *
     * @param tx the open transaction
     * @param subId the subscription's id
     * @param owner the lease owner's name
     * @param now the current time, to judge expiry
     * @param expires when the lease lapses
     * @return whether {@code owner} holds the lease
     */
    public static boolean claim(Tx tx, String subId, String owner, Instant now, Instant expires) {
        int n = tx.update(CLAIM, owner, expires, subId, owner, now);
        if (n > 1) {
            throw new IllegalStateException("sub_id " + subId + " matched " + n + " rows");
        }
        return n == 1;
    }

    /**
     * Moves the lease from {@code holder} to {@code owner}; false when {@code holder} no longer has it.
     *
     * @param tx the open transaction
     * @param subId the subscription's id
     * @param holder the dead holder's name
     * @param owner the lease owner's name
     * @param expires when the lease lapses
     * @return whether the lease moved
     */
    public static boolean takeOver(Tx tx, String subId, String holder, String owner, Instant expires) {
        return tx.update(TAKE_OVER, owner, expires, subId, holder) == 1;
    }

    /**
     * Cursor to {@code eventId} (never back), failures cleared, lease renewed; false when the lease was lost.
     *
     * @param tx the open transaction
     * @param subId the subscription's id
     * @param owner the lease owner's name
     * @param eventId the event delivered
     * @param expires when the renewed lease lapses
     * @return false when the lease was lost
     */
    public static boolean delivered(Tx tx, String subId, String owner, long eventId, Instant expires) {
        return tx.update(DELIVERED, eventId, expires, subId, owner) == 1;
    }

    /**
     * Cursor past events the subscription does not want; failures unchanged.
     *
     * @param tx the open transaction
     * @param subId the subscription's id
     * @param owner the lease owner's name
     * @param eventId the last event read
     * @param expires when the renewed lease lapses
     * @return false when the lease was lost
     */
    public static boolean skipped(Tx tx, String subId, String owner, long eventId, Instant expires) {
        return tx.update(SKIPPED, eventId, expires, subId, owner) == 1;
    }

    /**
     * Counts one more failure and sets the next attempt's time, if {@code owner} still holds the lease.
     *
     * @param tx the open transaction
     * @param subId the subscription's id
     * @param owner the lease owner's name
     * @param retryAt the earliest next attempt
     * @param error what went wrong, or null
     * @return false when the lease was lost
     */
    public static boolean failed(Tx tx, String subId, String owner, Instant retryAt, String error) {
        return tx.update(FAILED, retryAt, error, subId, owner) == 1;
    }

    /**
     * Frees every lease {@code owner} holds.
     *
     * @param tx the open transaction
     * @param owner the lease owner's name
     * @return how many were freed
     */
    public static int release(Tx tx, String owner) {
        return tx.update(RELEASE, owner);
    }

    /**
     * The id of the task's newest event; 0 when it has none.
     *
     * @param tx the open transaction
     * @param taskId the task's id
     * @return the event id
     */
    public static long lastEventOf(Tx tx, String taskId) {
        return tx.queryLong(LAST_EVENT_OF_TASK, taskId);
    }

    /**
     * The task's events after {@code after}, below the event horizon, oldest first.
     *
     * @param tx the open transaction
     * @param taskId the task's id
     * @param after the cursor
     * @param limit the most rows returned
     * @return the events
     */
    public static List<Event> ofTask(Tx tx, String taskId, long after, int limit) {
        return tx.query(EVENTS_OF_TASK, EventStore::map, taskId, after, limit);
    }

    /**
     * The events of the task and its descendants after {@code after}, below the event horizon, oldest first.
     *
     * @param tx the open transaction
     * @param rootId the subscribed task's id
     * @param after the cursor
     * @param limit the most rows returned
     * @return the events
     */
    public static List<Event> ofTree(Tx tx, String rootId, long after, int limit) {
        return tx.query(EVENTS_OF_TREE, EventStore::map, rootId, after, limit);
    }

    /**
     * The tenant's events after {@code after}, below the event horizon, oldest first.
     *
     * @param tx the open transaction
     * @param tenant the tenant
     * @param after the cursor
     * @param limit the most rows returned
     * @return the events
     */
    public static List<Event> ofTenant(Tx tx, String tenant, long after, int limit) {
        return tx.query(EVENTS_OF_TENANT, EventStore::map, tenant, after, limit);
    }

    /**
     * The board's events after {@code after}, below the event horizon, oldest first.
     *
     * @param tx the open transaction
     * @param after the cursor
     * @param limit the most rows returned
     * @return the events
     */
    public static List<Event> ofBoard(Tx tx, long after, int limit) {
        return tx.query(EVENTS_OF_BOARD, EventStore::map, after, limit);
    }

    /** The statements above, written with jOOQ from the generated tables (see {@link StatementSource}). */
    static final class Definitions implements StatementSource {
        @Override
        public Class<?> store() {
            return DeliveryStore.class;
        }

        @Override
        public void define(StatementSet set) {
            DSLContext sql = set.dsl();
            var s = KANBAN_NOTIFY_SUBS;
            Field<String> owner = StatementSet.param("owner", String.class);
            Field<Instant> now = DSL.param("now", s.LEASE_EXPIRES.getDataType());
            Condition free = s.LEASE_OWNER.isNull().or(s.LEASE_OWNER.eq(owner)).or(s.LEASE_EXPIRES.lt(now));
            set.put("CLAIM", sql.update(s)
                    .set(s.LEASE_OWNER, param(s.LEASE_OWNER))
                    .set(s.LEASE_EXPIRES, param(s.LEASE_EXPIRES))
                    .where(s.SUB_ID.eq(param(s.SUB_ID)))
                    .and(free));
            set.put("TAKE_OVER", sql.update(s)
                    .set(s.LEASE_OWNER, param(s.LEASE_OWNER))
                    .set(s.LEASE_EXPIRES, param(s.LEASE_EXPIRES))
                    .where(s.SUB_ID.eq(param(s.SUB_ID)))
                    .and(s.LEASE_OWNER.eq(StatementSet.param("holder", String.class))));
            set.put("DELIVERED", sql.update(s)
                    .set(s.LAST_EVENT_ID, DSL.greatest(s.LAST_EVENT_ID, param(s.LAST_EVENT_ID)))
                    .set(s.FAILURES, 0)
                    .set(s.RETRY_AT, (Instant) null)
                    .set(s.LAST_ERROR, (String) null)
                    .set(s.LEASE_EXPIRES, param(s.LEASE_EXPIRES))
                    .where(s.SUB_ID.eq(param(s.SUB_ID)))
                    .and(s.LEASE_OWNER.eq(owner)));
            set.put("SKIPPED", sql.update(s)
                    .set(s.LAST_EVENT_ID, DSL.greatest(s.LAST_EVENT_ID, param(s.LAST_EVENT_ID)))
                    .set(s.LEASE_EXPIRES, param(s.LEASE_EXPIRES))
                    .where(s.SUB_ID.eq(param(s.SUB_ID)))
                    .and(s.LEASE_OWNER.eq(owner)));
            set.put("FAILED", sql.update(s)
                    .set(s.FAILURES, s.FAILURES.plus(1))
                    .set(s.RETRY_AT, param(s.RETRY_AT))
                    .set(s.LAST_ERROR, param(s.LAST_ERROR))
                    .where(s.SUB_ID.eq(param(s.SUB_ID)))
                    .and(s.LEASE_OWNER.eq(owner)));
            set.put("RELEASE", sql.update(s)
                    .set(s.LEASE_OWNER, (String) null)
                    .set(s.LEASE_EXPIRES, (Instant) null)
                    .where(s.LEASE_OWNER.eq(owner)));
            defineEventReads(set);
        }

        /** The events of each subscription scope after a cursor and below the event horizon, oldest first. */
        private static void defineEventReads(StatementSet set) {
            DSLContext sql = set.dsl();
            var e = TASK_EVENTS;
            List<Field<?>> columns = EventStore.Definitions.eventColumns();
            Field<Long> after = StatementSet.param("after", Long.class);
            Field<Integer> limit = StatementSet.param("lim", Integer.class);
            set.put("LAST_EVENT_OF_TASK", sql.select(DSL.max(e.ID)).from(e).where(e.TASK_ID.eq(param(e.TASK_ID))));
            set.put("EVENTS_OF_TASK", sql.select(columns).from(e)
                    .where(e.TASK_ID.eq(param(e.TASK_ID))).and(e.ID.gt(after)).and(set.belowEventHorizon(e.ID))
                    .orderBy(e.ID.asc()).limit(limit));
            Field<String> treeId = DSL.field(DSL.name("tree", "id"), String.class);
            var tree = DSL.name("tree").fields("id").as(
                    DSL.select(param(TASKS.ID))
                            .union(DSL.select(TASK_LINKS.CHILD_ID).from(TASK_LINKS)
                                    .join(DSL.table(DSL.name("tree"))).on(TASK_LINKS.PARENT_ID.eq(treeId))));
            set.put("EVENTS_OF_TREE", sql.withRecursive(tree).select(columns).from(e)
                    .where(e.TASK_ID.in(DSL.select(treeId).from(tree)))
                    .and(e.ID.gt(after)).and(set.belowEventHorizon(e.ID))
                    .orderBy(e.ID.asc()).limit(limit));
            set.put("EVENTS_OF_TENANT", sql.select(columns).from(e)
                    .join(TASKS).on(TASKS.ID.eq(e.TASK_ID))
                    .where(TASKS.TENANT.eq(param(TASKS.TENANT))).and(e.ID.gt(after)).and(set.belowEventHorizon(e.ID))
                    .orderBy(e.ID.asc()).limit(limit));
            set.put("EVENTS_OF_BOARD", sql.select(columns).from(e)
                    .where(e.ID.gt(after)).and(set.belowEventHorizon(e.ID))
                    .orderBy(e.ID.asc()).limit(limit));
        }
    }
}
