package io.kanban.core;

import io.kanban.core.error.ValidationError;
import io.kanban.core.model.EventKind;
import io.kanban.core.model.FleetStats;
import io.kanban.core.store.FleetStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How the fleet is doing over a window of time (the Fleet view, {@code kanban stats --window}): every figure is
 * aggregated by the database from the event log and the runs, so the answer's size depends on the window, not on
 * the board's size.
 */
public final class Fleet {
    /** The longest window: a month of hourly buckets. */
    public static final Duration MAX_WINDOW = Duration.ofDays(31);
    /** Windows up to this long are bucketed by five minutes, longer ones by the hour. */
    public static final Duration FINE_WINDOW = Duration.ofHours(2);

    private final BoardContext ctx;

    Fleet(BoardContext ctx) {
        this.ctx = ctx;
    }

    /**
     * The figures for the {@code window} ending now.
     *
     * @param window how far back from now
     * @return the figures
     */
    public FleetStats stats(Duration window) {
        if (window == null || window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
            throw new ValidationError("window", "must be more than 0 and at most " + MAX_WINDOW.toDays()
                    + " days, got " + window);
        }
        long bucket = window.compareTo(FINE_WINDOW) <= 0 ? 300 : 3600;
        Instant now = ctx.now();
        long to = now.getEpochSecond() + 1; // the current second is in the window
        long from = to - window.toSeconds();
        long firstBucket = Math.floorDiv(from, bucket) * bucket;
        // Status-setting kinds other than the claim: the newest one before a claim made the task claimable.
        List<String> readyKinds = Lifecycle.statusChangingKinds().stream().filter(k -> k != EventKind.CLAIMED)
                .map(EventKind::wire).toList();
        String tenant = ctx.tenant;
        return ctx.db.read(tx -> new FleetStats(Instant.ofEpochSecond(from), Instant.ofEpochSecond(to), bucket,
                FleetStore.completions(tx, from, to, bucket, tenant),
                FleetStore.workers(tx, firstBucket, to, bucket, tenant),
                FleetStore.times(tx, from, to, readyKinds, tenant),
                FleetStore.failures(tx, from, to, tenant)));
    }
}
