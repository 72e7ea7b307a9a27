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

    public NotifySubscription {
        kinds = List.copyOf(kinds);
    }

    /** The target type, when this subscription goes to a configured target rather than a Hermes chat. */
    public Optional<TargetType> targetType() {
        return TargetType.fromPlatform(platform);
    }

    /** The target's name (the reference's chat id) for a target subscription. */
    public String targetName() {
        return chatId;
    }

    /** The task the subscription follows, or null for board and tenant subscriptions. */
    public String task() {
        return scope == NotifyScope.TASK ? taskId : null;
    }

    /** Lease, failure count and retry time; the notifier updates them, nobody else. */
    public record DeliveryState(String leaseOwner, Instant leaseExpires, int failures, Instant retryAt,
                                String lastError) {
        public static final DeliveryState FRESH = new DeliveryState(null, null, 0, null, null);
    }
}
