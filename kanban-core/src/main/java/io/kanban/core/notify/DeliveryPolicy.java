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
    /** The default {@code leaseTtl}. */
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(60);
    /** The default {@code requestTimeout}. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** The default {@code backoffBase}. */
    public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofSeconds(2);
    /** The default {@code backoffCap}. */
    public static final Duration DEFAULT_BACKOFF_CAP = Duration.ofMinutes(5);
    /** The default {@code pauseAfter}. */
    public static final int DEFAULT_PAUSE_AFTER = 5;
    /** The default {@code batch}. */
    public static final int DEFAULT_BATCH = 100;

    /** Every default. */
    public static final DeliveryPolicy DEFAULT = new DeliveryPolicy(DEFAULT_LEASE_TTL, DEFAULT_REQUEST_TIMEOUT,
            DEFAULT_BACKOFF_BASE, DEFAULT_BACKOFF_CAP, DEFAULT_PAUSE_AFTER, DEFAULT_BATCH);

    /**
     * Checks the policy, naming the setting at fault.
     * its base, or a count below 1
     *
     * @throws ValidationError if the timeout is not positive, the lease shorter than two timeouts, the backoff cap
     *     below
     *
     * @param leaseTtl how long a claim on a subscription lasts without renewal; must outlast two request timeouts
     * @param requestTimeout the longest one HTTP request may take
     * @param backoffBase the wait after the first failure; each further failure doubles it
     * @param backoffCap the longest wait
     * @param pauseAfter failures in a row after which the target counts as paused (warnings, stats)
     * @param batch events read per subscription per step
     */
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

    /**
     * @param value the lease's lifetime
     * @return a copy with it
     */
    public DeliveryPolicy withLeaseTtl(Duration value) {
        return new DeliveryPolicy(value, requestTimeout, backoffBase, backoffCap, pauseAfter, batch);
    }

    /**
     * @param value the longest request
     * @return a copy with it
     */
    public DeliveryPolicy withRequestTimeout(Duration value) {
        return new DeliveryPolicy(leaseTtl, value, backoffBase, backoffCap, pauseAfter, batch);
    }

    /**
     * @param base the wait after the first failure
     * @param cap the longest wait
     * @return a copy with them
     */
    public DeliveryPolicy withBackoff(Duration base, Duration cap) {
        return new DeliveryPolicy(leaseTtl, requestTimeout, base, cap, pauseAfter, batch);
    }

    /**
     * @param value failures in a row after which a target counts as paused
     * @return a copy with it
     */
    public DeliveryPolicy withPauseAfter(int value) {
        return new DeliveryPolicy(leaseTtl, requestTimeout, backoffBase, backoffCap, value, batch);
    }

    /**
     * The wait before the next attempt after {@code failures} failures in a row: exponential, capped, with jitter
     * in [half, full] so many subscriptions of one dead target do not retry in lockstep.
     *
     * @param failures failures in a row so far
     * @param random the source of jitter
     * @return the wait
     */
    public Duration retryDelay(int failures, RandomGenerator random) {
        long base = Math.max(1, backoffBase.toMillis());
        int doublings = Math.min(Math.max(failures - 1, 0), 30);
        long full = Math.min(backoffCap.toMillis(), base << doublings);
        full = Math.max(full, 1);
        long half = full / 2;
        return Duration.ofMillis(half + random.nextLong(full - half + 1));
    }

    /**
     * The one rule for "paused": the notifier's warnings, {@code notify list} and the dashboard all use it.
     *
     * @param failures failures in a row
     * @return whether the target counts as paused
     */
    public boolean paused(int failures) {
        return failures >= pauseAfter;
    }

    /**
     * How a subscription's deliveries are going: ok, retrying, or paused.
     *
     * @param s the subscription
     * @return its health
     */
    public SubscriptionHealth health(NotifySubscription s) {
        int failures = s.delivery().failures();
        return failures == 0 ? SubscriptionHealth.OK
                : paused(failures) ? SubscriptionHealth.PAUSED : SubscriptionHealth.RETRYING;
    }
}
