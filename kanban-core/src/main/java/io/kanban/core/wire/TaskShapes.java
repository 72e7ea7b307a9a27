package io.kanban.core.wire;

import io.kanban.core.model.Attachment;
import io.kanban.core.model.Comment;
import io.kanban.core.model.Event;
import io.kanban.core.model.Run;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskDetail;
import java.io.IOException;
import java.time.Duration;

/** The shapes of a task and what hangs off it: runs, comments, events, the whole detail, a parent's output. */
final class TaskShapes {
    private TaskShapes() {
    }

    static final Shape<Task> TASK = Shape.of(Task.class, TaskShapes::task);

    static final Shape<ParentOutput> PARENT = Shape.of(ParentOutput.class, (p, out) -> {
        task(p.task(), out);
        out.text("summary", p.summary());
        out.stored("metadata", p.metadata());
    });

    /** {@code duration_seconds} once the run ended; {@code has_log} says whether a worker log was recorded. */
    static final Shape<Run> RUN = Shape.of(Run.class, (r, out) -> {
        out.number("id", r.id());
        out.text("task_id", r.taskId());
        out.text("profile", r.profile());
        out.text("status", r.status());
        out.text("outcome", r.outcome() == null ? null : r.outcome().wire());
        out.text("claim_lock", r.claimLock());
        out.time("claim_expires", r.claimExpires());
        out.number("worker_pid", r.workerPid());
        out.seconds("max_runtime_seconds", r.maxRuntime());
        out.time("last_heartbeat_at", r.lastHeartbeatAt());
        out.time("started_at", r.startedAt());
        out.time("ended_at", r.endedAt());
        out.seconds("duration_seconds", r.startedAt() == null || r.endedAt() == null ? null
                : Duration.between(r.startedAt(), r.endedAt()));
        out.text("summary", r.summary());
        out.stored("metadata", r.metadata());
        out.text("error", r.error());
        out.text("log_path", r.logPath());
        out.bool("has_log", r.logPath() != null);
    });

    static final Shape<Comment> COMMENT = Shape.of(Comment.class, (c, out) -> {
        out.number("id", c.id());
        out.text("task_id", c.taskId());
        out.text("author", c.author());
        out.text("body", c.body());
        out.time("created_at", c.createdAt());
    });

    static final Shape<Attachment> ATTACHMENT = Shape.of(Attachment.class, (a, out) -> {
        out.number("id", a.id());
        out.text("task_id", a.taskId());
        out.text("filename", a.filename());
        out.text("stored_path", a.storedPath());
        out.text("content_type", a.contentType());
        out.number("size", a.size());
        out.text("uploaded_by", a.uploadedBy());
        out.time("created_at", a.createdAt());
    });

    static final Shape<Event> EVENT = Shape.of(Event.class, (e, out) -> {
        out.number("id", e.id());
        out.text("task_id", e.taskId());
        out.number("run_id", e.runId());
        out.text("kind", e.kind());
        out.stored("payload", e.payload());
        out.time("created_at", e.createdAt());
    });

    static final Shape<TaskDetail> DETAIL = Shape.of(TaskDetail.class, (d, out) -> {
        out.value("task", d.task());
        out.value("parents", d.parents());
        out.value("children", d.children());
        out.value("comments", d.comments());
        out.value("events", d.events());
        out.value("runs", d.runs());
    });

    private static void task(Task t, Fields out) throws IOException {
        out.text("id", t.id());
        out.text("title", t.title());
        out.text("body", t.body());
        out.text("assignee", t.assignee());
        out.text("status", t.status().wire());
        out.number("priority", t.priority());
        out.text("tenant", t.tenant());
        out.text("workspace_kind", t.workspace().kind().wire());
        out.text("workspace_path", t.workspace().path());
        out.text("created_by", t.createdBy());
        out.time("created_at", t.createdAt());
        out.time("started_at", t.startedAt());
        out.time("completed_at", t.completedAt());
        out.text("result", t.result());
        out.texts("skills", t.skills());
        out.text("idempotency_key", t.idempotencyKey());
        out.seconds("max_runtime_seconds", t.maxRuntime());
        out.text("claim_lock", t.claimLock());
        out.time("claim_expires", t.claimExpires());
        out.number("worker_pid", t.workerPid());
        out.time("last_heartbeat_at", t.lastHeartbeatAt());
        out.number("current_run_id", t.currentRunId());
        out.number("consecutive_failures", t.consecutiveFailures());
        out.text("last_failure_error", t.lastFailureError());
        out.text("block_kind", t.blockKind());
        out.number("block_recurrences", t.blockRecurrences());
        out.number("max_retries", t.maxRetries() == null ? null : t.maxRetries().longValue());
        out.time("scheduled_until", t.scheduledUntil());
        out.text("model_override", t.modelOverride());
        out.text("provider_override", t.providerOverride());
        out.text("reasoning_effort", t.reasoningEffort());
    }
}
