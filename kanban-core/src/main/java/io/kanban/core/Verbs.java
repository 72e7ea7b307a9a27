package io.kanban.core;

import io.kanban.core.error.ClaimLost;
import io.kanban.core.error.UnfinishedParents;
import io.kanban.core.model.Completion;
import io.kanban.core.model.EventKind;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.store.RunStore;
import io.kanban.core.store.TaskStore;
import io.kanban.core.store.Tx;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The status-changing verbs, run inside a caller's transaction. Each checks the lifecycle, closes the open run
 * with its outcome, writes the task, appends the event and lets the dependency engine react.
 */
final class Verbs {
    private static final int SUMMARY_IN_EVENT = 400;
    /** The reference's form of the comment a block with a reason leaves. */
    static final String BLOCKED_COMMENT_PREFIX = "BLOCKED: ";

    private Verbs() {
    }

    static void complete(BoardContext ctx, Tx tx, Task task, Completion c, Instant now) {
        Lifecycle.require(task, Status.DONE, "complete");
        checkHolder(task, c.expectedRunId());
        Long runId = closeRun(tx, task, RunOutcome.COMPLETED, now, c.summary(), c.metadata(), null);
        if (runId == null && (c.summary() != null || c.result() != null || c.metadata() != null)) {
            runId = RunStore.recordClosed(tx, task.id(), task.assignee(), RunOutcome.COMPLETED, now, c.summary(),
                    c.metadata(), null);
        }
        TaskStore.complete(tx, task.id(), c.result(), now);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("result_len", c.result() == null ? 0 : c.result().length());
        payload.put("summary", firstLine(c.summary()));
        ctx.event(tx, task.id(), runId, EventKind.COMPLETED, payload, now);
        Dependencies.promoteChildren(ctx, tx, task.id(), now);
    }

    /**
     * Blocks the task. With {@code commentAuthor} set the reason also goes on the discussion thread as a
     * {@code BLOCKED: <reason>} comment, as the reference does, so whoever reads the thread sees why.
     */
    static void block(BoardContext ctx, Tx tx, Task task, String reason, Long expectedRunId, String commentAuthor,
                      Instant now) {
        Lifecycle.require(task, Status.BLOCKED, "block");
        checkHolder(task, expectedRunId);
        if (commentAuthor != null && reason != null && !reason.isBlank()) {
            Comments.addIn(ctx, tx, task.id(), commentAuthor, BLOCKED_COMMENT_PREFIX + reason.strip(), now);
        }
        Long runId = closeRun(tx, task, RunOutcome.BLOCKED, now, null, null, reason);
        if (runId == null && reason != null) {
            runId = RunStore.recordClosed(tx, task.id(), task.assignee(), RunOutcome.BLOCKED, now, null, null, reason);
        }
        TaskStore.release(tx, task.id(), Status.BLOCKED, 0, null);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("reason", reason);
        ctx.event(tx, task.id(), runId, EventKind.BLOCKED, payload, now);
    }

    /** Blocked back into the flow; todo if parents are unfinished (the reference skipped that check). */
    static Status unblock(BoardContext ctx, Tx tx, Task task, Instant now) {
        Lifecycle.require(task, Status.READY, "unblock");
        if (task.status() != Status.BLOCKED) {
            throw new io.kanban.core.error.IllegalTransition(task.id(), task.status(), "unblock", "it is not blocked");
        }
        Status to = Dependencies.settle(tx, task.id());
        // A person unblocking a task has dealt with whatever tripped the breaker: give it fresh attempts.
        TaskStore.release(tx, task.id(), to, 0, null);
        ctx.event(tx, task.id(), null, EventKind.UNBLOCKED, null, now);
        return to;
    }

    static void archive(BoardContext ctx, Tx tx, Task task, Instant now) {
        Lifecycle.require(task, Status.ARCHIVED, "archive");
        Long runId = closeRun(tx, task, RunOutcome.RECLAIMED, now, null, null, "archived");
        TaskStore.release(tx, task.id(), Status.ARCHIVED, task.consecutiveFailures(), task.lastFailureError());
        ctx.event(tx, task.id(), runId, EventKind.ARCHIVED, null, now);
        Dependencies.promoteChildren(ctx, tx, task.id(), now);
    }

    /**
     * A move by hand into todo, ready or triage: the run (if any) is closed as reclaimed, a reopened parent
     * demotes its ready children, and ready with unfinished parents is refused naming them.
     */
    static Status requeue(BoardContext ctx, Tx tx, Task task, Status requested, Instant now) {
        Lifecycle.require(task, requested, "move to " + requested.wire());
        Status to = requested;
        if (requested == Status.READY || requested == Status.TODO) {
            List<String> waiting = TaskStore.unfinishedParents(tx, task.id());
            if (requested == Status.READY && !waiting.isEmpty()) {
                throw new UnfinishedParents(task.id(), waiting);
            }
            to = waiting.isEmpty() ? Status.READY : Status.TODO;
        }
        Long runId = closeRun(tx, task, RunOutcome.RECLAIMED, now, null, null, "moved to " + to.wire() + " by hand");
        int failures = task.status() == Status.BLOCKED ? 0 : task.consecutiveFailures();
        TaskStore.release(tx, task.id(), to, failures, failures == 0 ? null : task.lastFailureError());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("from", task.status().wire());
        payload.put("to", to.wire());
        ctx.event(tx, task.id(), runId, EventKind.STATUS, payload, now);
        if (task.status() == Status.DONE) {
            Dependencies.demoteReadyChildren(ctx, tx, task.id(), now);
        }
        return to;
    }

    /** Closes the task's open run, if it has one; returns its id or null. */
    static Long closeRun(Tx tx, Task task, RunOutcome outcome, Instant now, String summary, String metadata,
                         String error) {
        if (task.currentRunId() == null) {
            return null;
        }
        return RunStore.close(tx, task.currentRunId(), outcome, now, summary, metadata, error)
                ? task.currentRunId() : null;
    }

    /** A worker naming its run may only act while that run is still the task's open one. */
    static void checkHolder(Task task, Long expectedRunId) {
        if (expectedRunId == null) {
            return;
        }
        if (task.status() != Status.RUNNING) {
            throw new ClaimLost(task.id(), "the task is " + task.status().wire() + ", no longer running");
        }
        if (!expectedRunId.equals(task.currentRunId())) {
            throw new ClaimLost(task.id(), "run " + expectedRunId + " is not the open run (now "
                    + task.currentRunId() + ")");
        }
    }

    static String firstLine(String text) {
        if (text == null) {
            return null;
        }
        String line = text.strip();
        int nl = line.indexOf('\n');
        if (nl >= 0) {
            line = line.substring(0, nl);
        }
        return line.length() <= SUMMARY_IN_EVENT ? line : line.substring(0, SUMMARY_IN_EVENT);
    }
}
