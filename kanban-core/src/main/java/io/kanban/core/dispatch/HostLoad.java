package io.kanban.core.dispatch;

import java.util.Map;
import java.util.TreeMap;

/**
 * Workers running on the host's other boards, per profile: {@code kanban.max_in_progress} and
 * {@code kanban.max_in_progress_per_profile} are host-wide (HERMES-UPSTREAM §5), so a tick on one board counts them
 * with its own. Whoever knows the other boards (the dispatcher, which lists the Hermes home) reads it; core only adds.
 *
 * @param runningPerProfile running workers per assignee on the other boards
 */
public record HostLoad(Map<String, Integer> runningPerProfile) {
    /** No other board, or none known. */
    public static final HostLoad NONE = new HostLoad(Map.of());

    /**
     * Keeps only positive counts for named profiles; the map is copied.
     *
     * @param runningPerProfile running workers per assignee on the other boards
     */
    public HostLoad {
        Map<String, Integer> known = new TreeMap<>();
        runningPerProfile.forEach((profile, n) -> {
            if (profile != null && n != null && n > 0) {
                known.merge(profile, n, Integer::sum);
            }
        });
        runningPerProfile = Map.copyOf(known);
    }

    /**
     * Every running worker on the other boards.
     *
     * @return the sum over all profiles
     */
    public int total() {
        return runningPerProfile.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Running workers of one profile on the other boards.
     *
     * @param profile the assignee, or null
     * @return its count, 0 for null or an unknown profile
     */
    public int of(String profile) {
        return profile == null ? 0 : runningPerProfile.getOrDefault(profile, 0);
    }

    /**
     * This load plus {@code more} (another board's workers, or those a tick just started).
     *
     * @param more running workers per profile to add; null keys and values are skipped
     * @return a new load with the sums
     */
    public HostLoad plus(Map<String, Integer> more) {
        Map<String, Integer> sum = new java.util.HashMap<>(runningPerProfile);
        more.forEach((profile, n) -> {
            if (profile != null && n != null) {
                sum.merge(profile, n, Integer::sum);
            }
        });
        return new HostLoad(sum);
    }
}
