package io.kanban.core.notify;

import io.kanban.core.error.ValidationError;
import io.kanban.core.model.NotifySubscription;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How a notifier delivers: how long it holds a subscription, how it backs off from a failing target and when it
 * calls a target paused. A paused target is still tried at the longest backoff, so it resumes by itself.
 *
 * @param leaseTtl       how long a claim on a subscription lasts without renewal; must outlast two request timeouts
 * @param requestTimeout the longest one HTTP request may take
 * @param backoffBase    the wait after the first failure; each further failure doubles it
 * @param backoffCap     the longest wait
 * @param pauseAfter     failures in a row after which the target counts as paused (warnings, stats)
 * @param batch          events read per subscription per step
 */
public record DeliveryPolicy(Duration leaseTtl, Duration requestTimeout, Duration backoffBase, Duration backoffCap,
                             int pauseAfter, int batch) {
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofSeconds(2);
    public static final Duration DEFAULT_BACKOFF_CAP = Duration.ofMinutes(5);
    public static final int DEFAULT_PAUSE_AFTER = 5;
    public static final int DEFAULT_BATCH = 100;

    public static final DeliveryPolicy DEFAULT = new DeliveryPolicy(DEFAULT_LEASE_TTL, DEFAULT_REQUEST_TIMEOUT,
            DEFAULT_BACKOFF_BASE, DEFAULT_BACKOFF_CAP, DEFAULT_PAUSE_AFTER, DEFAULT_BATCH);

    public DeliveryPolicy {
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new ValidationError("kanban.notify.request_timeout_seconds", "must be at least 1");
        }
        if (leaseTtl.compareTo(requestTimeout.multipliedBy(2)) < 0) {
            throw new ValidationError("kanban.notify.lease_seconds", "must be at least twice "
                    + "kanban.notify.request_timeout_seconds (" + requestTimeout.toSeconds() + " s), so a slow request "
                    + "never outlives the lease it was sent under");
        }
        if (backoffBase.isNegative() || backoffCap.compareTo(backoffBase) < 0) {
            throw new ValidationError("kanban.notify.backoff_max_seconds", "must be at least the first backoff");
        }
        if (pauseAfter < 1) {
            throw new ValidationError("kanban.notify.pause_after_failures", "must be at least 1");
        }
        if (batch < 1) {
            throw new ValidationError("batch", "must be at least 1");
        }
    }

    public DeliveryPolicy withLeaseTtl(Duration value) {
        return new DeliveryPolicy(value, requestTimeout, backoffBase, backoffCap, pauseAfter, batch);
    }

    public DeliveryPolicy withRequestTimeout(Duration value) {
        return new DeliveryPolicy(leaseTtl, value, backoffBase, backoffCap, pauseAfter, batch);
    }

    public DeliveryPolicy withBackoff(Duration base, Duration cap) {
        return new DeliveryPolicy(leaseTtl, requestTimeout, base, cap, pauseAfter, batch);
    }

    public DeliveryPolicy withPauseAfter(int value) {
        return new DeliveryPolicy(leaseTtl, requestTimeout, backoffBase, backoffCap, value, batch);
    }

    /**
     * The wait before the next attempt after {@code failures} failures in a row: exponential, capped, with jitter
     * in [half, full] so many subscriptions of one dead target do not retry in lockstep.
     */
    public Duration retryDelay(int failures, RandomGenerator random) {
        long base = Math.max(1, backoffBase.toMillis());
        int doublings = Math.min(Math.max(failures - 1, 0), 30);
        long full = Math.min(backoffCap.toMillis(), base << doublings);
        full = Math.max(full, 1);
        long half = full / 2;
        return Duration.ofMillis(half + random.nextLong(full - half + 1));
    }

    /** The one rule for "paused": the notifier's warnings, {@code notify list} and the dashboard all use it. */
    public boolean paused(int failures) {
        return failures >= pauseAfter;
    }

    public SubscriptionHealth health(NotifySubscription s) {
        int failures = s.delivery().failures();
        return failures == 0 ? SubscriptionHealth.OK
                : paused(failures) ? SubscriptionHealth.PAUSED : SubscriptionHealth.RETRYING;
    }
}
