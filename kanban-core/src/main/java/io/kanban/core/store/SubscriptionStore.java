package io.kanban.core.store;

import static io.kanban.core.store.TaskStore.instant;
import static io.kanban.core.store.TaskStore.p;
import static io.kanban.core.store.jooq.Tables.KANBAN_NOTIFY_SUBS;

import io.kanban.core.model.NotifySubscription;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/** Every statement on {@code kanban_notify_subs}. */
public final class SubscriptionStore {
    private static final DSLContext SQL = Sql.RENDER;
    private static final org.jooq.Condition KEY = KANBAN_NOTIFY_SUBS.TASK_ID.eq(p(KANBAN_NOTIFY_SUBS.TASK_ID))
            .and(KANBAN_NOTIFY_SUBS.PLATFORM.eq(p(KANBAN_NOTIFY_SUBS.PLATFORM)))
            .and(KANBAN_NOTIFY_SUBS.CHAT_ID.eq(p(KANBAN_NOTIFY_SUBS.CHAT_ID)))
            .and(KANBAN_NOTIFY_SUBS.THREAD_ID.eq(p(KANBAN_NOTIFY_SUBS.THREAD_ID)));

    private static final String UPSERT = SQL.insertInto(KANBAN_NOTIFY_SUBS, KANBAN_NOTIFY_SUBS.TASK_ID,
                    KANBAN_NOTIFY_SUBS.PLATFORM, KANBAN_NOTIFY_SUBS.CHAT_ID, KANBAN_NOTIFY_SUBS.THREAD_ID,
                    KANBAN_NOTIFY_SUBS.USER_ID, KANBAN_NOTIFY_SUBS.CREATED_AT, KANBAN_NOTIFY_SUBS.LAST_EVENT_ID)
            .values(p(KANBAN_NOTIFY_SUBS.TASK_ID), p(KANBAN_NOTIFY_SUBS.PLATFORM), p(KANBAN_NOTIFY_SUBS.CHAT_ID),
                    p(KANBAN_NOTIFY_SUBS.THREAD_ID), p(KANBAN_NOTIFY_SUBS.USER_ID), p(KANBAN_NOTIFY_SUBS.CREATED_AT),
                    p(KANBAN_NOTIFY_SUBS.LAST_EVENT_ID))
            .onConflictDoNothing()
            .getSQL();

    private static final String DELETE = SQL.deleteFrom(KANBAN_NOTIFY_SUBS).where(KEY).getSQL();

    private static final String ADVANCE = SQL.update(KANBAN_NOTIFY_SUBS)
            .set(KANBAN_NOTIFY_SUBS.LAST_EVENT_ID, p(KANBAN_NOTIFY_SUBS.LAST_EVENT_ID))
            .where(KEY)
            .and(KANBAN_NOTIFY_SUBS.LAST_EVENT_ID.lt(p(DSL.field("cursor", Long.class))))
            .getSQL();

    private static final String SELECT = SQL.select(KANBAN_NOTIFY_SUBS.TASK_ID, KANBAN_NOTIFY_SUBS.PLATFORM,
                    KANBAN_NOTIFY_SUBS.CHAT_ID, KANBAN_NOTIFY_SUBS.THREAD_ID, KANBAN_NOTIFY_SUBS.USER_ID,
                    KANBAN_NOTIFY_SUBS.CREATED_AT, KANBAN_NOTIFY_SUBS.LAST_EVENT_ID)
            .from(KANBAN_NOTIFY_SUBS).getSQL();

    private static final String ALL = SELECT + " order by created_at, task_id";
    private static final String FOR_TASK = SELECT + " where task_id = ? order by created_at";
    private static final String ONE = SELECT + " where task_id = ? and platform = ? and chat_id = ? and thread_id = ?";

    private SubscriptionStore() {
    }

    /** @return true when the subscription is new */
    public static boolean insert(Tx tx, NotifySubscription s) {
        return tx.update(UPSERT, s.taskId(), s.platform(), s.chatId(), s.threadId(), s.userId(), s.createdAt(),
                s.lastEventId()) == 1;
    }

    public static boolean delete(Tx tx, String taskId, String platform, String chatId, String threadId) {
        return tx.update(DELETE, taskId, platform, chatId, threadId) == 1;
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

    public static java.util.Optional<NotifySubscription> find(Tx tx, String taskId, String platform, String chatId,
                                                              String threadId) {
        return tx.queryOne(ONE, SubscriptionStore::map, taskId, platform, chatId, threadId);
    }

    static NotifySubscription map(ResultSet rs) throws SQLException {
        Instant created = instant(rs, "created_at");
        return new NotifySubscription(rs.getString("task_id"), rs.getString("platform"), rs.getString("chat_id"),
                rs.getString("thread_id"), rs.getString("user_id"), created, rs.getLong("last_event_id"));
    }
}
