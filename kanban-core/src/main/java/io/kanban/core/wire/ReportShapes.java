package io.kanban.core.wire;

import io.kanban.core.dispatch.TickReport;
import io.kanban.core.model.AssigneeSummary;
import io.kanban.core.model.Attention;
import io.kanban.core.model.BoardStats;
import io.kanban.core.model.Diagnostic;
import io.kanban.core.model.NotifySubscription;
import io.kanban.core.model.StuckTask;
import io.kanban.core.notify.DeliveryReport;
import java.util.Locale;

/** The shapes of what front ends report about the board: counts, the roster, warnings, ticks, subscriptions. */
final class ReportShapes {
    private ReportShapes() {
    }

    /**
     * {@code oldest_ready_age_seconds} counts from when each task last became ready; {@code now} is the board's
     * clock, against which scripts age what they read.
     */
    static final Shape<BoardStats> STATS = Shape.of(BoardStats.class, (s, out) -> {
        out.value("by_status", s.byStatus());
        out.value("by_assignee", s.byAssignee());
        out.number("oldest_ready_age_seconds", s.oldestReadyAgeSeconds());
        out.time("now", s.now());
        out.value("stuck", s.stuck());
    });

    static final Shape<StuckTask> STUCK = Shape.of(StuckTask.class, (s, out) -> {
        out.text("task_id", s.taskId());
        out.text("title", s.title());
        out.text("assignee", s.assignee());
        out.text("cause", s.cause().wire());
        out.text("detail", s.detail());
        out.time("ready_since", s.readySince());
        out.time("reported_at", s.reportedAt());
    });

    static final Shape<AssigneeSummary> ASSIGNEE = Shape.of(AssigneeSummary.class, (a, out) -> {
        out.text("assignee", a.assignee());
        out.value("by_status", a.byStatus());
        out.number("running", a.running());
        out.time("last_activity_at", a.lastActivity());
    });

    static final Shape<Attention> ATTENTION = Shape.of(Attention.class, (a, out) -> {
        out.text("task_id", a.taskId());
        out.text("title", a.title());
        out.text("kind", a.kind().name().toLowerCase(Locale.ROOT));
        out.text("message", a.message());
    });

    /** The reference's diagnostic record; {@code task_id} added so a list of them says which card each is about. */
    static final Shape<Diagnostic> DIAGNOSTIC = Shape.of(Diagnostic.class, (d, out) -> {
        out.text("kind", d.kind().wire());
        out.text("severity", d.severity().wire());
        out.text("task_id", d.taskId());
        out.text("title", d.title());
        out.text("detail", d.detail());
        out.value("actions", d.actions());
        out.time("first_seen_at", d.firstSeenAt());
        out.time("last_seen_at", d.lastSeenAt());
        out.number("count", d.count());
        out.number("run_id", d.runId());
        out.value("data", d.data());
    });

    static final Shape<Diagnostic.Action> ACTION = Shape.of(Diagnostic.Action.class, (a, out) -> {
        out.text("kind", a.kind());
        out.text("label", a.label());
        out.value("payload", a.payload());
        out.bool("suggested", a.suggested());
    });

    static final Shape<TickReport> TICK = Shape.of(TickReport.class, (r, out) -> {
        out.bool("dry_run", r.dryRun());
        out.texts("reclaimed", r.reclaimed());
        out.texts("crashed", r.crashed());
        out.texts("timed_out", r.timedOut());
        out.texts("gave_up", r.gaveUp());
        out.number("promoted", r.promoted());
        out.value("spawned", r.spawned());
        out.value("failed", r.failed());
        out.value("skipped", r.skipped());
        out.texts("rate_limited", r.rateLimited());
        out.texts("auto_assigned_default", r.autoAssigned());
        out.text("memory_pressure", r.memoryPressure());
        out.number("elapsed_ms", r.elapsedMillis());
    });

    static final Shape<io.kanban.core.dispatch.WorkerInspection> WORKER = Shape.of(
            io.kanban.core.dispatch.WorkerInspection.class, (w, out) -> {
                out.number("run_id", w.runId());
                out.text("task_id", w.taskId());
                out.text("profile", w.profile());
                out.text("status", w.status());
                out.number("pid", w.pid());
                out.bool("local", w.local());
                out.value("alive", w.alive());
                out.time("started_at", w.startedAt());
                out.time("ended_at", w.endedAt());
                out.number("runtime_seconds", w.runtimeSeconds());
                out.time("last_heartbeat_at", w.lastHeartbeatAt());
                out.time("claim_expires", w.claimExpires());
                out.text("log_path", w.logPath());
                out.text("log_tail", w.logTail());
            });

    static final Shape<TickReport.Spawn> SPAWN = Shape.of(TickReport.Spawn.class, (s, out) -> {
        out.text("task_id", s.taskId());
        out.text("assignee", s.assignee());
        out.number("run_id", s.runId());
        out.number("pid", s.pid());
        out.text("log_path", s.logPath());
    });

    static final Shape<TickReport.Failure> FAILURE = Shape.of(TickReport.Failure.class, (f, out) -> {
        out.text("task_id", f.taskId());
        out.text("error", f.error());
        out.bool("gave_up", f.gaveUp());
    });

    static final Shape<TickReport.Skip> SKIP = Shape.of(TickReport.Skip.class, (s, out) -> {
        out.text("task_id", s.taskId());
        out.text("reason", s.reason().name().toLowerCase(Locale.ROOT));
        out.text("detail", s.detail());
    });

    /**
     * {@code task_id} is null for board and tenant subscriptions (the board stores a placeholder there);
     * {@code target} and {@code target_type} are null for a Hermes chat subscription.
     */
    static final Shape<NotifySubscription> SUBSCRIPTION = Shape.of(NotifySubscription.class, (s, out) -> {
        out.text("id", s.id());
        out.text("scope", s.scope().wire());
        out.text("task_id", s.task());
        out.text("tenant", s.tenant());
        out.bool("descendants", s.descendants());
        out.texts("kinds", s.kinds());
        out.text("target", s.targetType().isPresent() ? s.targetName() : null);
        out.text("target_type", s.targetType().map(t -> t.wire()).orElse(null));
        out.text("platform", s.platform());
        out.text("chat_id", s.chatId());
        out.text("thread_id", s.threadId());
        out.text("user_id", s.userId());
        out.time("created_at", s.createdAt());
        out.number("last_event_id", s.lastEventId());
        out.number("failures", s.delivery().failures());
        out.time("retry_at", s.delivery().retryAt());
        out.text("last_error", s.delivery().lastError());
    });

    static final Shape<DeliveryReport> DELIVERY = Shape.of(DeliveryReport.class, (r, out) -> {
        out.number("subscriptions", r.subscriptions());
        out.number("delivered", r.delivered());
        out.number("failed", r.failed());
        out.number("waiting", r.waiting());
        out.texts("paused", r.paused());
        out.texts("errors", r.errors());
        out.number("elapsed_ms", r.elapsedMillis());
    });
}
