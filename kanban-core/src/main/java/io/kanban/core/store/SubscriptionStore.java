package io.kanban.core.store;

import static io.kanban.core.store.TaskStore.instant;

import io.kanban.core.model.NotifyScope;
import io.kanban.core.model.NotifySubscription;
import io.kanban.core.notify.NotifyKinds;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Every statement on {@code kanban_notify_subs} that adds, removes or lists subscriptions. */
public final class SubscriptionStore {
    private static final String UPSERT = Statements.sql("SubscriptionStore.UPSERT");
    private static final String UPSERT_SCOPED = Statements.sql("SubscriptionStore.UPSERT_SCOPED");
    private static final String DELETE = Statements.sql("SubscriptionStore.DELETE");
    private static final String DELETE_BY_SUB_ID = Statements.sql("SubscriptionStore.DELETE_BY_SUB_ID");
    private static final String ADVANCE = Statements.sql("SubscriptionStore.ADVANCE");
    private static final String ALL = Statements.sql("SubscriptionStore.ALL");
    private static final String FOR_TASK = Statements.sql("SubscriptionStore.FOR_TASK");
    private static final String ONE = Statements.sql("SubscriptionStore.ONE");
    private static final String BY_SUB_ID = Statements.sql("SubscriptionStore.BY_SUB_ID");

    private SubscriptionStore() {
    }

    /** A reference-style chat subscription (the seven reference columns); a second insert changes nothing. */
    public static boolean insert(Tx tx, String taskId, String platform, String chatId, String threadId,
                                 String userId, Instant createdAt, long cursor) {
        return tx.update(UPSERT, taskId, platform, chatId, threadId, userId, createdAt, cursor) == 1;
    }

    /**
     * A subscription with a scope, kinds and descendants; subscribing again with the same key keeps the cursor
     * and takes the new kinds and descendants.
     */
    public static void upsertScoped(Tx tx, String taskKey, String platform, String chatId, String threadId,
                                    String userId, Instant createdAt, long cursor, NotifyScope scope, String tenant,
                                    boolean descendants, String kinds) {
        tx.update(UPSERT_SCOPED, taskKey, platform, chatId, threadId, userId, createdAt, cursor, scope.wire(), tenant,
                descendants ? 1 : 0, kinds);
    }

    public static boolean delete(Tx tx, String taskId, String platform, String chatId, String threadId) {
        return tx.update(DELETE, taskId, platform, chatId, threadId) == 1;
    }

    public static boolean deleteById(Tx tx, String subId) {
        return tx.update(DELETE_BY_SUB_ID, subId) == 1;
    }

    /** Moves the delivery cursor forward only; returns false when it was already there or further. */
    public static boolean advance(Tx tx, String taskId, String platform, String chatId, String threadId,
                                  long eventId) {
        return tx.update(ADVANCE, eventId, taskId, platform, chatId, threadId, eventId) == 1;
    }

    public static List<NotifySubscription> all(Tx tx) {
        return tx.query(ALL, SubscriptionStore::map);
    }

    public static List<NotifySubscription> forTask(Tx tx, String taskId) {
        return tx.query(FOR_TASK, SubscriptionStore::map, taskId);
    }

    public static Optional<NotifySubscription> find(Tx tx, String taskId, String platform, String chatId,
                                                    String threadId) {
        return tx.queryOne(ONE, SubscriptionStore::map, taskId, platform, chatId, threadId);
    }

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
}
