package io.kanban.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How the fleet did over a window ({@code from} inclusive to {@code to} exclusive), aggregated in the database
 * from the event log and the runs: completions per bucket of {@code bucketSeconds}, runs active in each bucket,
 * time waiting to be claimed and time running as percentiles per profile, and failures by outcome per profile.
 *
 * @param from the window's start, inclusive
 * @param to the window's end, exclusive
 * @param bucketSeconds the length of one bucket
 * @param completions completions per bucket
 * @param workers runs active in each bucket
 * @param profiles waiting and running times per profile
 * @param failures failed runs per profile, then per outcome
 */
public record FleetStats(
        Instant from,
        Instant to,
        long bucketSeconds,
        List<Bucket> completions,
        List<Bucket> workers,
        List<ProfileTimes> profiles,
        Map<String, Map<String, Long>> failures) {

    /** The failure outcomes counted, in the order they are shown. */
    public static final List<String> FAILURE_OUTCOMES = List.of(RunOutcome.CRASHED.wire(),
            RunOutcome.TIMED_OUT.wire(), RunOutcome.SPAWN_FAILED.wire(), RunOutcome.RATE_LIMITED.wire(),
            RunOutcome.GAVE_UP.wire());

    /**
     * Copies the lists and the map.
     *
     * @param from the window's start, inclusive
     * @param to the window's end, exclusive
     * @param bucketSeconds the length of one bucket
     * @param completions completions per bucket
     * @param workers runs active in each bucket
     * @param profiles waiting and running times per profile
     * @param failures failed runs per profile, then per outcome
     */
    public FleetStats {
        completions = List.copyOf(completions);
        workers = List.copyOf(workers);
        profiles = List.copyOf(profiles);
        failures = Map.copyOf(failures);
    }

    /** A count for the bucket starting at {@code start}. */
    public record Bucket(Instant start, long count) {
    }

    /**
     * Seconds waiting (from the event that last made the task claimable to its claim, for runs started in the
     * window) and running (runs ended in the window), as nearest-rank percentiles; null where there were none.
     */
    public record ProfileTimes(String profile, long waits, Long waitP50, Long waitP90, Long waitMax, long runs,
                               Long runP50, Long runP90, Long runMax) {
    }

    /**
     * @return the completions in the whole window
     */
    public long completed() {
        return completions.stream().mapToLong(Bucket::count).sum();
    }

    /**
     * Failures of {@code outcome} over every profile.
     *
     * @param outcome a run outcome's wire name, one of {@link #FAILURE_OUTCOMES}
     * @return how many runs ended so in the window
     */
    public long failed(String outcome) {
        return failures.values().stream().mapToLong(m -> m.getOrDefault(outcome, 0L)).sum();
    }
}
