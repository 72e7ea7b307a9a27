package io.kanban.core.store;

import static io.kanban.core.store.TaskStore.instant;
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
    private static final String UPSERT = Statements.sql("SubscriptionStore.UPSERT");

    private static final String DELETE = Statements.sql("SubscriptionStore.DELETE");

    private static final String ADVANCE = Statements.sql("SubscriptionStore.ADVANCE");

    private static final String SELECT = Statements.sql("SubscriptionStore.SELECT");

    private static final String ALL = Statements.sql("SubscriptionStore.ALL");
    private static final String FOR_TASK = Statements.sql("SubscriptionStore.FOR_TASK");
    private static final String ONE = Statements.sql("SubscriptionStore.ONE");

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
