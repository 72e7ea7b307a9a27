package io.kanban.cli.render;

import io.kanban.core.dispatch.TickReport;
import io.kanban.core.model.AssigneeSummary;
import io.kanban.core.model.BoardStats;
import io.kanban.core.model.Comment;
import io.kanban.core.model.Event;
import io.kanban.core.model.NotifySubscription;
import io.kanban.core.model.Run;
import io.kanban.core.model.StuckTask;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskDetail;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The JSON shapes of the CLI: plain maps with stable snake_case names, times as epoch seconds (as the board
 * stores them). kanban-cli/README.md documents every field.
 */
public final class Views {
    private Views() {
    }

    public static Map<String, Object> task(Task t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("title", t.title());
        m.put("body", t.body());
        m.put("assignee", t.assignee());
        m.put("status", t.status().wire());
        m.put("priority", t.priority());
        m.put("tenant", t.tenant());
        m.put("workspace_kind", t.workspace().kind().wire());
        m.put("workspace_path", t.workspace().path());
        m.put("created_by", t.createdBy());
        m.put("created_at", epoch(t.createdAt()));
        m.put("started_at", epoch(t.startedAt()));
        m.put("completed_at", epoch(t.completedAt()));
        m.put("result", t.result());
        m.put("skills", t.skills());
        m.put("idempotency_key", t.idempotencyKey());
        m.put("max_runtime_seconds", seconds(t.maxRuntime()));
        m.put("claim_lock", t.claimLock());
        m.put("claim_expires", epoch(t.claimExpires()));
        m.put("worker_pid", t.workerPid());
        m.put("last_heartbeat_at", epoch(t.lastHeartbeatAt()));
        m.put("current_run_id", t.currentRunId());
        m.put("consecutive_failures", t.consecutiveFailures());
        m.put("last_failure_error", t.lastFailureError());
        return m;
    }

    public static Map<String, Object> run(Run r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("task_id", r.taskId());
        m.put("profile", r.profile());
        m.put("status", r.status());
        m.put("outcome", r.outcome() == null ? null : r.outcome().wire());
        m.put("claim_lock", r.claimLock());
        m.put("claim_expires", epoch(r.claimExpires()));
        m.put("worker_pid", r.workerPid());
        m.put("max_runtime_seconds", seconds(r.maxRuntime()));
        m.put("last_heartbeat_at", epoch(r.lastHeartbeatAt()));
        m.put("started_at", epoch(r.startedAt()));
        m.put("ended_at", epoch(r.endedAt()));
        m.put("summary", r.summary());
        m.put("metadata", Json.parseOrText(r.metadata()));
        m.put("error", r.error());
        m.put("log_path", r.logPath());
        return m;
    }

    public static Map<String, Object> comment(Comment c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("task_id", c.taskId());
        m.put("author", c.author());
        m.put("body", c.body());
        m.put("created_at", epoch(c.createdAt()));
        return m;
    }

    public static Map<String, Object> event(Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("task_id", e.taskId());
        m.put("run_id", e.runId());
        m.put("kind", e.kind());
        m.put("payload", Json.parseOrText(e.payload()));
        m.put("created_at", epoch(e.createdAt()));
        return m;
    }

    public static Map<String, Object> detail(TaskDetail d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", task(d.task()));
        m.put("parents", list(d.parents(), Views::task));
        m.put("children", list(d.children(), Views::task));
        m.put("comments", list(d.comments(), Views::comment));
        m.put("events", list(d.events(), Views::event));
        m.put("runs", list(d.runs(), Views::run));
        return m;
    }

    public static Map<String, Object> subscription(NotifySubscription s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("task_id", s.taskId());
        m.put("platform", s.platform());
        m.put("chat_id", s.chatId());
        m.put("thread_id", s.threadId());
        m.put("user_id", s.userId());
        m.put("created_at", epoch(s.createdAt()));
        m.put("last_event_id", s.lastEventId());
        m.put("scope", s.scope().wire());
        m.put("tenant", s.tenant());
        m.put("descendants", s.descendants());
        m.put("kinds", s.kinds());
        m.put("target", s.targetType().isPresent() ? s.targetName() : null);
        m.put("target_type", s.targetType().map(t -> t.wire()).orElse(null));
        m.put("failures", s.delivery().failures());
        m.put("retry_at", epoch(s.delivery().retryAt()));
        m.put("last_error", s.delivery().lastError());
        return m;
    }

    /** "task t_1 +descendants", "board", "tenant acme". */
    public static String subscriptionScope(NotifySubscription s) {
        return switch (s.scope()) {
            case BOARD -> "board";
            case TENANT -> "tenant " + s.tenant();
            case TASK -> "task " + s.taskId() + (s.descendants() ? " +descendants" : "");
        };
    }

    /** "webhook:team", or the Hermes chat "telegram:-100" (with "#thread" when set). */
    public static String subscriptionTarget(NotifySubscription s) {
        String base = s.targetType().map(t -> t.wire() + ":" + s.targetName()).orElse(s.platform() + ":" + s.chatId());
        return s.threadId() == null || s.threadId().isEmpty() ? base : base + "#" + s.threadId();
    }

    /** "ok", or how it is failing by the configured policy: "paused (6 failures): HTTP 500". */
    public static String subscriptionState(NotifySubscription s, io.kanban.core.notify.DeliveryPolicy policy) {
        int failures = s.delivery().failures();
        if (failures == 0) {
            return s.targetType().isPresent() ? "ok" : "hermes gateway";
        }
        return policy.health(s).wire() + " (" + failures + (failures == 1 ? " failure" : " failures") + ")"
                + (s.delivery().lastError() == null ? "" : ": " + s.delivery().lastError());
    }

    public static Map<String, Object> delivery(io.kanban.core.notify.DeliveryReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subscriptions", r.subscriptions());
        m.put("delivered", r.delivered());
        m.put("failed", r.failed());
        m.put("waiting", r.waiting());
        m.put("paused", r.paused());
        m.put("errors", r.errors());
        m.put("elapsed_ms", r.elapsedMillis());
        return m;
    }

    public static Map<String, Object> stats(BoardStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("by_status", s.byStatus());
        m.put("by_assignee", s.byAssignee());
        m.put("oldest_ready_age_seconds", s.oldestReadyAgeSeconds());
        m.put("now", epoch(s.now()));
        m.put("stuck", list(s.stuck(), Views::stuck));
        return m;
    }

    /** A task a dispatcher reported as stuck: the cause as a stable word, and in words. */
    public static Map<String, Object> stuck(StuckTask s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task_id", s.taskId());
        m.put("title", s.title());
        m.put("assignee", s.assignee());
        m.put("cause", s.cause().wire());
        m.put("detail", s.detail());
        m.put("ready_since", epoch(s.readySince()));
        m.put("reported_at", epoch(s.reportedAt()));
        return m;
    }

    public static Map<String, Object> assignee(AssigneeSummary a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("assignee", a.assignee());
        m.put("by_status", a.byStatus());
        m.put("running", a.running());
        m.put("last_activity_at", epoch(a.lastActivity()));
        return m;
    }

    public static Map<String, Object> tick(TickReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dry_run", r.dryRun());
        m.put("reclaimed", r.reclaimed());
        m.put("crashed", r.crashed());
        m.put("timed_out", r.timedOut());
        m.put("gave_up", r.gaveUp());
        m.put("promoted", r.promoted());
        m.put("spawned", list(r.spawned(), s -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("task_id", s.taskId());
            x.put("assignee", s.assignee());
            x.put("run_id", s.runId());
            x.put("pid", s.pid());
            x.put("log_path", s.logPath());
            return x;
        }));
        m.put("failed", list(r.failed(), f -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("task_id", f.taskId());
            x.put("error", f.error());
            x.put("gave_up", f.gaveUp());
            return x;
        }));
        m.put("skipped", list(r.skipped(), s -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("task_id", s.taskId());
            x.put("reason", s.reason().name().toLowerCase(java.util.Locale.ROOT));
            x.put("detail", s.detail());
            return x;
        }));
        m.put("elapsed_ms", r.elapsedMillis());
        return m;
    }

    /** {@code {"task": …}} plus extra fields: the shape of every command about one task. */
    public static Map<String, Object> about(Task t, Object... extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", task(t));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            m.put((String) extra[i], extra[i + 1]);
        }
        return m;
    }

    public static <T> List<Object> list(List<T> items, Function<T, Object> view) {
        List<Object> out = new ArrayList<>(items.size());
        items.forEach(i -> out.add(view.apply(i)));
        return out;
    }

    public static Long epoch(Instant t) {
        return t == null ? null : t.getEpochSecond();
    }

    static Long seconds(Duration d) {
        return d == null ? null : d.toSeconds();
    }
}
