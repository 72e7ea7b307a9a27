package io.kanban.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A request to hear about events. The reference's key is {@code (taskId, platform, chatId, threadId)};
 * {@code lastEventId} is the delivery cursor. For a subscription to a configured target the platform is the
 * target's {@link TargetType#platform()} and {@code chatId} the target's name. Board and tenant subscriptions keep a
 * placeholder in {@code taskId} (see {@link #BOARD_KEY}) because the reference column may not be null.
 *
 * @param id         short stable id ({@code n_…}), the handle for unsubscribe
 * @param kinds      the event kinds delivered (never empty: the defaults when none were chosen)
 * @param delivery   the notifier's bookkeeping: lease, failures, next attempt
 * @param taskId the task followed, or a placeholder for board and tenant subscriptions
 * @param platform the chat platform, or a target's {@link TargetType#platform()}
 * @param chatId the chat, or the target's name
 * @param threadId the thread within the chat, or null
 * @param userId the user to mention, or null
 * @param createdAt when it was made
 * @param lastEventId the id of the last event delivered
 * @param scope what it covers
 * @param tenant the tenant of a tenant subscription, else null
 * @param descendants whether a task subscription also covers the tasks below it
 */
public record NotifySubscription(
        String id,
        String taskId,
        String platform,
        String chatId,
        String threadId,
        String userId,
        Instant createdAt,
        long lastEventId,
        NotifyScope scope,
        String tenant,
        boolean descendants,
        List<String> kinds,
        DeliveryState delivery) {

    /** The {@code task_id} of a board-wide subscription. */
    public static final String BOARD_KEY = "*";
    /** The {@code task_id} prefix of a tenant subscription, followed by the tenant. */
    public static final String TENANT_KEY_PREFIX = "*tenant:";

    /**
     * Copies the kinds.
     *
     * @param id short stable id ({@code n_…}), the handle for unsubscribe
     * @param taskId the task followed, or a placeholder for board and tenant subscriptions
     * @param platform the chat platform, or a target's {@link TargetType#platform()}
     * @param chatId the chat, or the target's name
     * @param threadId the thread within the chat, or null
     * @param userId the user to mention, or null
     * @param createdAt when it was made
     * @param lastEventId the id of the last event delivered
     * @param scope what it covers
     * @param tenant the tenant of a tenant subscription, else null
     * @param descendants whether a task subscription also covers the tasks below it
     * @param kinds the event kinds delivered (never empty: the defaults when none were chosen)
     * @param delivery the notifier's bookkeeping: lease, failures, next attempt
     */
    public NotifySubscription {
        kinds = List.copyOf(kinds);
    }

    /**
     * The target type, when this subscription goes to a configured target rather than a Hermes chat.
     *
     * @return the type, or empty for a chat subscription
     */
    public Optional<TargetType> targetType() {
        return TargetType.fromPlatform(platform);
    }

    /**
     * The target's name (the reference's chat id) for a target subscription.
     *
     * @return the target's name
     */
    public String targetName() {
        return chatId;
    }

    /**
     * The task the subscription follows, or null for board and tenant subscriptions.
     *
     * @return the task's id, or null
     */
    public String task() {
        return scope == NotifyScope.TASK ? taskId : null;
    }

    /** Lease, failure count and retry time; the notifier updates them, nobody else. */
    public record DeliveryState(String leaseOwner, Instant leaseExpires, int failures, Instant retryAt,
                                String lastError) {
        /** No lease, no failures: a subscription that has never failed. */
        public static final DeliveryState FRESH = new DeliveryState(null, null, 0, null, null);
    }
}
