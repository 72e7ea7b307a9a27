package io.kanban.core.notify;

/** How delivery to a target subscription is going, as {@link DeliveryPolicy#health} judges it. */
public enum SubscriptionHealth {
    /** No failure since the last accepted message. */
    OK,
    /** Failing, fewer than {@code pause_after_failures} times in a row: retried with backoff. */
    RETRYING,
    /** Failing {@code pause_after_failures} times in a row or more: retried at the longest backoff, warned about. */
    PAUSED;

    /**
     * @return the lower-case name
     */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
