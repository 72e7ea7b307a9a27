package io.kanban.core.store;

import io.kanban.core.model.Event;
import java.time.Instant;
import java.util.List;

/**
 * The notifier's statements: the lease on a subscription (one conditional UPDATE whose row count says who holds
 * it), the cursor moves made only by the lease holder, and the event reads for each subscription scope.
 */
public final class DeliveryStore {
    private static final String CLAIM = Statements.sql("DeliveryStore.CLAIM");
    private static final String TAKE_OVER = Statements.sql("DeliveryStore.TAKE_OVER");
    private static final String DELIVERED = Statements.sql("DeliveryStore.DELIVERED");
    private static final String SKIPPED = Statements.sql("DeliveryStore.SKIPPED");
    private static final String FAILED = Statements.sql("DeliveryStore.FAILED");
    private static final String RELEASE = Statements.sql("DeliveryStore.RELEASE");
    private static final String LAST_EVENT_OF_TASK = Statements.sql("DeliveryStore.LAST_EVENT_OF_TASK");
    private static final String EVENTS_OF_TASK = Statements.sql("DeliveryStore.EVENTS_OF_TASK");
    private static final String EVENTS_OF_TREE = Statements.sql("DeliveryStore.EVENTS_OF_TREE");
    private static final String EVENTS_OF_TENANT = Statements.sql("DeliveryStore.EVENTS_OF_TENANT");
    private static final String EVENTS_OF_BOARD = Statements.sql("DeliveryStore.EVENTS_OF_BOARD");

    private DeliveryStore() {
    }

    /** Takes or renews the lease when it is free, ours, or expired; false when another holder has it. */
    public static boolean claim(Tx tx, String subId, String owner, Instant now, Instant expires) {
        int n = tx.update(CLAIM, owner, expires, subId, owner, now);
        if (n > 1) {
            throw new IllegalStateException("sub_id " + subId + " matched " + n + " rows");
        }
        return n == 1;
    }

    /** Moves the lease from {@code holder} to {@code owner}; false when {@code holder} no longer has it. */
    public static boolean takeOver(Tx tx, String subId, String holder, String owner, Instant expires) {
        return tx.update(TAKE_OVER, owner, expires, subId, holder) == 1;
    }

    /** Cursor to {@code eventId} (never back), failures cleared, lease renewed; false when the lease was lost. */
    public static boolean delivered(Tx tx, String subId, String owner, long eventId, Instant expires) {
        return tx.update(DELIVERED, eventId, expires, subId, owner) == 1;
    }

    /** Cursor past events the subscription does not want; failures unchanged. */
    public static boolean skipped(Tx tx, String subId, String owner, long eventId, Instant expires) {
        return tx.update(SKIPPED, eventId, expires, subId, owner) == 1;
    }

    public static boolean failed(Tx tx, String subId, String owner, Instant retryAt, String error) {
        return tx.update(FAILED, retryAt, error, subId, owner) == 1;
    }

    public static int release(Tx tx, String owner) {
        return tx.update(RELEASE, owner);
    }

    /** The id of the task's newest event; 0 when it has none. */
    public static long lastEventOf(Tx tx, String taskId) {
        return tx.queryLong(LAST_EVENT_OF_TASK, taskId);
    }

    public static List<Event> ofTask(Tx tx, String taskId, long after, int limit) {
        return tx.query(EVENTS_OF_TASK, EventStore::map, taskId, after, limit);
    }

    public static List<Event> ofTree(Tx tx, String rootId, long after, int limit) {
        return tx.query(EVENTS_OF_TREE, EventStore::map, rootId, after, limit);
    }

    public static List<Event> ofTenant(Tx tx, String tenant, long after, int limit) {
        return tx.query(EVENTS_OF_TENANT, EventStore::map, tenant, after, limit);
    }

    public static List<Event> ofBoard(Tx tx, long after, int limit) {
        return tx.query(EVENTS_OF_BOARD, EventStore::map, after, limit);
    }
}
