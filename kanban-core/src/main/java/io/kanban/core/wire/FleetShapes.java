package io.kanban.core.wire;

import io.kanban.core.model.FleetStats;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Fleet view's figures ({@link FleetStats}), as {@code /api/fleet} and {@code kanban stats --window --json} write them. */
final class FleetShapes {

    private FleetShapes() {
    }

    static final Shape<FleetStats> STATS = Shape.of(FleetStats.class, (s, out) -> {
        out.time("from", s.from());
        out.time("to", s.to());
        out.number("bucket_seconds", s.bucketSeconds());
        out.number("completed", s.completed());
        Map<String, Long> totals = new LinkedHashMap<>();
        FleetStats.FAILURE_OUTCOMES.forEach(o -> totals.put(o, s.failed(o)));
        out.value("failed", totals);
        out.value("completions", s.completions());
        out.value("workers", s.workers());
        out.value("profiles", s.profiles());
        out.value("failures", s.failures());
    });

    static final Shape<FleetStats.Bucket> BUCKET = Shape.of(FleetStats.Bucket.class, (b, out) -> {
        out.time("start", b.start());
        out.number("count", b.count());
    });

    static final Shape<FleetStats.ProfileTimes> PROFILE = Shape.of(FleetStats.ProfileTimes.class, (p, out) -> {
        out.text("profile", p.profile());
        out.number("waits", p.waits());
        out.number("wait_p50_seconds", p.waitP50());
        out.number("wait_p90_seconds", p.waitP90());
        out.number("wait_max_seconds", p.waitMax());
        out.number("runs", p.runs());
        out.number("run_p50_seconds", p.runP50());
        out.number("run_p90_seconds", p.runP90());
        out.number("run_max_seconds", p.runMax());
    });
}
