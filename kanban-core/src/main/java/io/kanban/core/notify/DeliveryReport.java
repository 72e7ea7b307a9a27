package io.kanban.core.notify;

import java.util.List;

/**
 * What one delivery pass did.
 *
 * @param subscriptions target subscriptions looked at
 * @param delivered     messages a target accepted
 * @param failed        attempts that failed (each is retried later)
 * @param waiting       subscriptions not tried: backing off, or leased by another notifier
 * @param paused        targets failing {@link DeliveryPolicy#pauseAfter()} times in a row or more
 * @param errors        one line per failure, with URLs and secrets masked
 * @param elapsedMillis how long the pass took
 */
public record DeliveryReport(int subscriptions, int delivered, int failed, int waiting, List<String> paused,
                             List<String> errors, long elapsedMillis) {
    /**
     * Copies the lists.
     *
     * @param subscriptions target subscriptions looked at
     * @param delivered messages a target accepted
     * @param failed attempts that failed (each is retried later)
     * @param waiting subscriptions not tried: backing off, or leased by another notifier
     * @param paused targets failing {@link DeliveryPolicy#pauseAfter()} times in a row or more
     * @param errors one line per failure, with URLs and secrets masked
     * @param elapsedMillis how long the pass took
     */
    public DeliveryReport {
        paused = List.copyOf(paused);
        errors = List.copyOf(errors);
    }
}
