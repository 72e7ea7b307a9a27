package io.kanban.core.store;

import static io.kanban.core.store.StatementSet.param;
import static io.kanban.core.store.TaskStore.instant;
import static io.kanban.core.store.jooq.Tables.KANBAN_NOTIFY_SUBS;

import io.kanban.core.model.NotifyScope;
import io.kanban.core.model.NotifySubscription;
import io.kanban.core.notify.NotifyKinds;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/** Every statement on {@code kanban_notify_subs} that adds, removes or lists subscriptions. */
public final class SubscriptionStore {
    private static final Sql UPSERT = Sql.of(SubscriptionStore.class, "UPSERT");
    private static final Sql UPSERT_SCOPED = Sql.of(SubscriptionStore.class, "UPSERT_SCOPED");
    private static final Sql DELETE = Sql.of(SubscriptionStore.class, "DELETE");
    private static final Sql DELETE_BY_SUB_ID = Sql.of(SubscriptionStore.class, "DELETE_BY_SUB_ID");
    private static final Sql ADVANCE = Sql.of(SubscriptionStore.class, "ADVANCE");
    private static final Sql ALL = Sql.of(SubscriptionStore.class, "ALL");
    private static final Sql FOR_TASK = Sql.of(SubscriptionStore.class, "FOR_TASK");
    private static final Sql ONE = Sql.of(SubscriptionStore.class, "ONE");
    private static final Sql BY_SUB_ID = Sql.of(SubscriptionStore.class, "BY_SUB_ID");

    private SubscriptionStore() {
    }

    /**
     * A reference-style chat subscription (the seven reference columns); a second insert changes nothing.
     *
     * @param tx the open transaction
     * @param taskId the task's id
     * @param platform the chat platform
     * @param chatId the chat
     * @param threadId the thread, or the empty text for none
     * @param userId the user to mention, or null
     * @param createdAt when
     * @param cursor the delivery cursor to start from
     * @return whether a row was inserted
     */
    public static boolean insert(Tx tx, String taskId, String platform, String chatId, String threadId,
                                 String userId, Instant createdAt, long cursor) {
        return tx.update(UPSERT, taskId, platform, chatId, threadId, userId, createdAt, cursor) == 1;
    }

    /**
     * A subscription with a scope, kinds and descendants; subscribing again with the same key keeps the cursor
     * and takes the new kinds and descendants.
     *
     * @param tx the open transaction
     * @param taskKey the task id, or the placeholder of a board or tenant subscription
     * @param platform the platform
     * @param chatId the chat, or the target's name
     * @param threadId the thread, or the empty text for none
     * @param userId the user to mention, or null
     * @param createdAt when
     * @param cursor the delivery cursor to start from
     * @param scope what it covers
     * @param tenant the tenant of a tenant subscription, else null
     * @param descendants whether a task subscription covers the tasks below it
     * @param kinds the wanted event kinds, as stored
     */
    public static void upsertScoped(Tx tx, String taskKey, String platform, String chatId, String threadId,
                                    String userId, Instant createdAt, long cursor, NotifyScope scope, String tenant,
                                    boolean descendants, String kinds) {
        tx.update(UPSERT_SCOPED, taskKey, platform, chatId, threadId, userId, createdAt, cursor, scope.wire(), tenant,
                descendants ? 1 : 0, kinds);
    }

    /**
     * Removes a subscription by its reference key.
     *
     * @param tx the open transaction
     * @param taskId the task's id
     * @param platform the platform
     * @param chatId the chat
     * @param threadId the thread, or the empty text for none
     * @return whether a row was removed
     */
    public static boolean delete(Tx tx, String taskId, String platform, String chatId, String threadId) {
        return tx.update(DELETE, taskId, platform, chatId, threadId) == 1;
    }

    /**
     * Removes a subscription by its id.
     *
     * @param tx the open transaction
     * @param subId the subscription's id
     * @return whether a row was removed
     */
    public static boolean deleteById(Tx tx, String subId) {
        return tx.update(DELETE_BY_SUB_ID, subId) == 1;
    }

    /**
     * Moves the delivery cursor forward only; returns false when it was already there or further.
     *
     * @param tx the open transaction
     * @param taskId the task's id
     * @param platform the platform
     * @param chatId the chat
     * @param threadId the thread, or the empty text for none
     * @param eventId the new cursor
     * @return whether the cursor moved
     */
    public static boolean advance(Tx tx, String taskId, String platform, String chatId, String threadId,
                                  long eventId) {
        return tx.update(ADVANCE, eventId, taskId, platform, chatId, threadId, eventId) == 1;
    }

    /**
     * Every subscription on the board.
     *
     * @param tx the open transaction
     * @return the subscriptions
     */
    public static List<NotifySubscription> all(Tx tx) {
        return tx.query(ALL, SubscriptionStore::map);
    }

    /**
     * @param tx the open transaction
     * @param taskId the task's id
     * @return the task's subscriptions
     */
    public static List<NotifySubscription> forTask(Tx tx, String taskId) {
        return tx.query(FOR_TASK, SubscriptionStore::map, taskId);
    }

    /**
     * Reads a subscription by its reference key.
     *
     * @param tx the open transaction
     * @param taskId the task's id
     * @param platform the platform
     * @param chatId the chat
     * @param threadId the thread, or the empty text for none
     * @return the subscription, or empty
     */
    public static Optional<NotifySubscription> find(Tx tx, String taskId, String platform, String chatId,
                                                    String threadId) {
        return tx.queryOne(ONE, SubscriptionStore::map, taskId, platform, chatId, threadId);
    }

    /**
     * @param tx the open transaction
     * @param subId the subscription's id
     * @return the subscription, or empty
     */
    public static Optional<NotifySubscription> byId(Tx tx, String subId) {
        return tx.queryOne(BY_SUB_ID, SubscriptionStore::map, subId);
    }

    static NotifySubscription map(ResultSet rs) throws SQLException {
        NotifyScope scope = NotifyScope.fromWire(rs.getString("scope"));
        NotifySubscription.DeliveryState delivery = new NotifySubscription.DeliveryState(
                rs.getString("lease_owner"), instant(rs, "lease_expires"), rs.getInt("failures"),
                instant(rs, "retry_at"), rs.getString("last_error"));
        return new NotifySubscription(rs.getString("sub_id"), rs.getString("task_id"), rs.getString("platform"),
                rs.getString("chat_id"), rs.getString("thread_id"), rs.getString("user_id"),
                instant(rs, "created_at"), rs.getLong("last_event_id"), scope, rs.getString("scope_tenant"),
                rs.getInt("with_descendants") != 0,
                NotifyKinds.resolveStored(rs.getString("event_kinds")), delivery);
    }

    /** The statements above, written with jOOQ from the generated tables (see {@link StatementSource}). */
    static final class Definitions implements StatementSource {
        @Override
        public Class<?> store() {
            return SubscriptionStore.class;
        }

        /** The columns every subscription read selects; {@link #map} reads them by name. */
        private static List<Field<?>> subscriptionColumns() {
            var s = KANBAN_NOTIFY_SUBS;
            return List.of(s.SUB_ID, s.TASK_ID, s.PLATFORM, s.CHAT_ID, s.THREAD_ID, s.USER_ID, s.CREATED_AT,
                    s.LAST_EVENT_ID, s.SCOPE, s.SCOPE_TENANT, s.WITH_DESCENDANTS, s.EVENT_KINDS, s.LEASE_OWNER,
                    s.LEASE_EXPIRES, s.FAILURES, s.RETRY_AT, s.LAST_ERROR);
        }

        @Override
        public void define(StatementSet set) {
            DSLContext sql = set.dsl();
            var s = KANBAN_NOTIFY_SUBS;
            Condition key = s.TASK_ID.eq(param(s.TASK_ID))
                    .and(s.PLATFORM.eq(param(s.PLATFORM)))
                    .and(s.CHAT_ID.eq(param(s.CHAT_ID)))
                    .and(s.THREAD_ID.eq(param(s.THREAD_ID)));
            set.put("UPSERT", sql.insertInto(s, s.TASK_ID, s.PLATFORM, s.CHAT_ID, s.THREAD_ID, s.USER_ID,
                            s.CREATED_AT, s.LAST_EVENT_ID)
                    .values(param(s.TASK_ID), param(s.PLATFORM), param(s.CHAT_ID), param(s.THREAD_ID),
                            param(s.USER_ID), param(s.CREATED_AT), param(s.LAST_EVENT_ID))
                    .onConflictDoNothing());
            set.put("UPSERT_SCOPED", sql.insertInto(s, s.TASK_ID, s.PLATFORM, s.CHAT_ID, s.THREAD_ID, s.USER_ID,
                            s.CREATED_AT, s.LAST_EVENT_ID, s.SCOPE, s.SCOPE_TENANT, s.WITH_DESCENDANTS, s.EVENT_KINDS)
                    .values(param(s.TASK_ID), param(s.PLATFORM), param(s.CHAT_ID), param(s.THREAD_ID),
                            param(s.USER_ID), param(s.CREATED_AT), param(s.LAST_EVENT_ID), param(s.SCOPE),
                            param(s.SCOPE_TENANT), param(s.WITH_DESCENDANTS), param(s.EVENT_KINDS))
                    .onConflict(s.TASK_ID, s.PLATFORM, s.CHAT_ID, s.THREAD_ID)
                    .doUpdate()
                    .set(s.WITH_DESCENDANTS, DSL.excluded(s.WITH_DESCENDANTS))
                    .set(s.EVENT_KINDS, DSL.excluded(s.EVENT_KINDS))
                    .set(s.USER_ID, DSL.coalesce(DSL.excluded(s.USER_ID), s.USER_ID)));
            set.put("DELETE", sql.deleteFrom(s).where(key));
            set.put("DELETE_BY_SUB_ID", sql.deleteFrom(s).where(s.SUB_ID.eq(param(s.SUB_ID))));
            set.put("ADVANCE", sql.update(s)
                    .set(s.LAST_EVENT_ID, param(s.LAST_EVENT_ID))
                    .where(key)
                    .and(s.LAST_EVENT_ID.lt(StatementSet.param("cursor", Long.class))));
            List<Field<?>> columns = subscriptionColumns();
            set.put("ALL", sql.select(columns).from(s).orderBy(s.CREATED_AT, s.TASK_ID));
            set.put("FOR_TASK", sql.select(columns).from(s).where(s.TASK_ID.eq(param(s.TASK_ID)))
                    .orderBy(s.CREATED_AT));
            set.put("ONE", sql.select(columns).from(s).where(key));
            set.put("BY_SUB_ID", sql.select(columns).from(s).where(s.SUB_ID.eq(param(s.SUB_ID))));
        }
    }
}
