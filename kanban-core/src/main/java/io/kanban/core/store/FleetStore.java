package io.kanban.core.store;

import io.kanban.core.model.EventKind;
import io.kanban.core.model.FleetStats.Bucket;
import io.kanban.core.model.FleetStats.ProfileTimes;
import io.kanban.core.model.RunOutcome;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The Fleet view's aggregates, computed by the database over a window: bucketed counts, nearest-rank percentiles
 * with window functions, failures grouped by profile and outcome. Written by hand in the SQL both dialects share
 * (SQLite 3.25+ and PostgreSQL have window functions and recursive common table expressions). The bucket size and
 * the event kinds are inlined from code, never from input.
 */
public final class FleetStore {
    /** Limits a read to one tenant's tasks when the parameter (given twice) is not null. */
    private static final String TENANT = "(CAST(? AS TEXT) IS NULL OR %s IN (SELECT id FROM tasks WHERE tenant = CAST(? AS TEXT)))";

    private FleetStore() {
    }

    /**
     * Completed events per bucket starting at multiples of {@code bucket} seconds; empty buckets absent.
     *
     * @param tx the open transaction
     * @param from the window's start, epoch seconds
     * @param to the window's end, epoch seconds
     * @param bucket the bucket length in seconds
     * @param tenant the tenant, or null
     * @return the buckets with completions
     */
    public static List<Bucket> completions(Tx tx, long from, long to, long bucket, String tenant) {
        String b = "(created_at / " + bucket + ") * " + bucket;
        return tx.query("SELECT " + b + ", COUNT(*) FROM task_events WHERE kind = '" + EventKind.COMPLETED.wire()
                + "' AND created_at >= ? AND created_at < ? AND " + TENANT.formatted("task_id") + " GROUP BY " + b
                + " ORDER BY 1", rs -> new Bucket(Instant.ofEpochSecond(rs.getLong(1)), rs.getLong(2)),
                from, to, tenant, tenant);
    }

    /**
     * Runs active at any moment of each bucket from {@code from} (a bucket boundary) to {@code to}.
     *
     * @param tx the open transaction
     * @param from the window's start, epoch seconds
     * @param to the window's end, epoch seconds
     * @param bucket the bucket length in seconds
     * @param tenant the tenant, or null
     * @return one bucket per bucket start
     */
    public static List<Bucket> workers(Tx tx, long from, long to, long bucket, String tenant) {
        return tx.query("WITH RECURSIVE b(t) AS (SELECT CAST(? AS BIGINT) UNION ALL SELECT t + " + bucket
                + " FROM b WHERE t + " + bucket + " < CAST(? AS BIGINT)) SELECT t, (SELECT COUNT(*) FROM task_runs r"
                + " WHERE r.started_at < t + " + bucket + " AND (r.ended_at IS NULL OR r.ended_at > t) AND "
                + TENANT.formatted("r.task_id") + ") FROM b ORDER BY t",
                rs -> new Bucket(Instant.ofEpochSecond(rs.getLong(1)), rs.getLong(2)), from, to, tenant, tenant);
    }

    /**
     * Per profile: waits of runs started in the window (claim time minus the newest status-setting event before
     * it, other than the claim) and durations of runs ended in it, as p50, p90 and max.
     *
     * @param tx the open transaction
     * @param from the window's start, epoch seconds
     * @param to the window's end, epoch seconds
     * @param readyKinds the wire names of the event kinds that set a status
     * @param tenant the tenant, or null
     * @return the times per profile
     */
    public static List<ProfileTimes> times(Tx tx, long from, long to, Collection<String> readyKinds, String tenant) {
        String kinds = readyKinds.stream().map(k -> "'" + k + "'").collect(Collectors.joining(", "));
        String waits = "SELECT COALESCE(r.profile, '') AS p, r.started_at - (SELECT MAX(e.created_at) FROM task_events e"
                + " WHERE e.task_id = r.task_id AND e.kind IN (" + kinds + ") AND e.created_at <= r.started_at) AS v"
                + " FROM task_runs r WHERE r.started_at >= ? AND r.started_at < ? AND " + TENANT.formatted("r.task_id");
        String runs = "SELECT COALESCE(r.profile, '') AS p, r.ended_at - r.started_at AS v FROM task_runs r"
                + " WHERE r.ended_at IS NOT NULL AND r.ended_at >= ? AND r.ended_at < ? AND "
                + TENANT.formatted("r.task_id");
        Map<String, long[]> w = percentiles(tx, waits, from, to, tenant);
        Map<String, long[]> r = percentiles(tx, runs, from, to, tenant);
        TreeMap<String, ProfileTimes> out = new TreeMap<>();
        for (String p : new java.util.TreeSet<>(union(w.keySet(), r.keySet()))) {
            long[] a = w.get(p);
            long[] b = r.get(p);
            out.put(p, new ProfileTimes(p, a == null ? 0 : a[0], a == null ? null : a[1], a == null ? null : a[2],
                    a == null ? null : a[3], b == null ? 0 : b[0], b == null ? null : b[1], b == null ? null : b[2],
                    b == null ? null : b[3]));
        }
        return List.copyOf(out.values());
    }

    /** {count, p50, p90, max} per profile of the (p, v) rows {@code sample} selects. */
    private static Map<String, long[]> percentiles(Tx tx, String sample, long from, long to, String tenant) {
        String sql = "WITH d AS (" + sample + "), r AS (SELECT p, v, ROW_NUMBER() OVER (PARTITION BY p ORDER BY v)"
                + " AS rn, COUNT(*) OVER (PARTITION BY p) AS n FROM d WHERE v IS NOT NULL)"
                + " SELECT p, MAX(n), MIN(CASE WHEN rn * 100 >= n * 50 THEN v END),"
                + " MIN(CASE WHEN rn * 100 >= n * 90 THEN v END), MAX(v) FROM r GROUP BY p";
        Map<String, long[]> out = new TreeMap<>();
        tx.query(sql, rs -> out.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4),
                rs.getLong(5)}), from, to, tenant, tenant);
        return out;
    }

    /**
     * Failed runs ended in the window by profile and outcome (crashed, timed_out, spawn_failed, rate_limited), and
     * the breaker's gave_up events by the profile of their run or else the task's assignee.
     *
     * @param tx the open transaction
     * @param from the window's start, epoch seconds
     * @param to the window's end, epoch seconds
     * @param tenant the tenant, or null
     * @return the counts by profile, then outcome
     */
    public static Map<String, Map<String, Long>> failures(Tx tx, long from, long to, String tenant) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        String outcomes = List.of(RunOutcome.CRASHED, RunOutcome.TIMED_OUT, RunOutcome.SPAWN_FAILED,
                RunOutcome.RATE_LIMITED).stream().map(o -> "'" + o.wire() + "'").collect(Collectors.joining(", "));
        tx.query("SELECT COALESCE(profile, ''), outcome, COUNT(*) FROM task_runs WHERE outcome IN (" + outcomes
                + ") AND ended_at >= ? AND ended_at < ? AND " + TENANT.formatted("task_id")
                + " GROUP BY COALESCE(profile, ''), outcome", rs -> out.computeIfAbsent(rs.getString(1),
                k -> new TreeMap<>()).merge(rs.getString(2), rs.getLong(3), Long::sum), from, to, tenant, tenant);
        tx.query("SELECT COALESCE(r.profile, t.assignee, ''), COUNT(*) FROM task_events e"
                + " LEFT JOIN task_runs r ON r.id = e.run_id LEFT JOIN tasks t ON t.id = e.task_id"
                + " WHERE e.kind = '" + EventKind.GAVE_UP.wire() + "' AND e.created_at >= ? AND e.created_at < ? AND "
                + TENANT.formatted("e.task_id") + " GROUP BY COALESCE(r.profile, t.assignee, '')",
                rs -> out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                        .merge(RunOutcome.GAVE_UP.wire(), rs.getLong(2), Long::sum), from, to, tenant, tenant);
        return out;
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
