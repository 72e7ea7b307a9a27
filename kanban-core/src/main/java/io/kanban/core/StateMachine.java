package io.kanban.core;

import io.kanban.core.Lifecycle.Failures;
import io.kanban.core.Lifecycle.Transition;
import io.kanban.core.error.ClaimLost;
import io.kanban.core.error.IllegalTransition;
import io.kanban.core.error.UnfinishedParents;
import io.kanban.core.model.EventKind;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.store.RunStore;
import io.kanban.core.store.TaskStore;
import io.kanban.core.store.Tx;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one place a task's status changes. {@link #apply} checks the change against its row of {@link Lifecycle},
 * ends the task's open run as the row says, writes the task, appends the row's event (one payload shape per kind)
 * and lets the dependency engine react to a task that finished or reopened. Every verb of the kernel goes through
 * it, inside the verb's transaction.
 */
final class StateMachine {
    /** Longest summary line an event carries. */
    private static final int SUMMARY_IN_EVENT = 400;

    private StateMachine() {
    }

    /**
     * Where a change left the task.
     *
     * @param runId the run it opened (claim), ended, or recorded; null when none
     * @param claimExpires when the claim it opened expires; null for other rows
     */
    record Moved(Status to, Long runId, Instant claimExpires) {
    }

    static Moved apply(BoardContext ctx, Tx tx, Task task, Transition row, Change change, Instant now) {
        if (!row.allowsFrom(task.status())) {
            throw refusal(task, row);
        }
        checkHolder(task, change.expectedRunId());
        Change.Verdict verdict = change.verdict();
        boolean tripNow = verdict != null && verdict.tripNow()
                && (row.failures() == Failures.COUNT || row.failures() == Failures.BUDGET);
        boolean counted = row.failures() == Failures.COUNT || tripNow;
        int failures = counted ? task.consecutiveFailures() + 1 : task.consecutiveFailures();
        // A task's own max_retries beats the dispatcher's limit, as in the reference.
        int limit = ownLimit(task) ? task.maxRetries()
                : verdict != null && verdict.limit() != null ? verdict.limit() : change.failureLimit();
        boolean tripped = tripNow || (row.failures() == Failures.COUNT && failures >= limit);
        Status to = tripped ? Status.BLOCKED : land(tx, task, row);
        if (to == task.status()) {
            return new Moved(to, null, null); // a move by hand to todo of a task with nothing to wait for
        }
        Long runId = endRun(tx, task, row, change, to, tripped, now);
        Instant claimExpires = null;
        if (row.startsRun()) {
            claimExpires = now.plus(change.claimant().ttl());
            runId = startRun(tx, task, change.claimant(), claimExpires, now);
        } else if (to == Status.DONE) {
            TaskStore.complete(tx, task.id(), change.result(), now);
        } else {
            boolean reset = row.failures() == Failures.RESET
                    || (row.failures() == Failures.RESET_FROM_BLOCKED && task.status() == Status.BLOCKED);
            boolean noted = row.failures() == Failures.NOTE || row.failures() == Failures.BUDGET;
            String error = counted || noted ? change.reason() : task.lastFailureError();
            TaskStore.release(tx, task.id(), to, reset ? 0 : failures, reset || (failures == 0 && !noted) ? null : error,
                    row == Transition.SCHEDULE ? change.scheduledUntil() : null);
        }
        if (change.blockKind() != null) {
            // Unblocking keeps both, so the same kind blocking again is counted as a recurrence.
            TaskStore.setBlock(tx, task.id(), change.blockKind().wire(),
                    Lifecycle.nextRecurrences(change.blockKind(), task.blockKind(), task.blockRecurrences()));
        }
        ctx.event(tx, task.id(), runId, row.event(), payload(row, task, to, change, runId, claimExpires,
                failures), now);
        if (tripped) {
            ctx.event(tx, task.id(), runId, EventKind.GAVE_UP, gaveUpPayload(task, row, change, failures, limit),
                    now);
        }
        if (Lifecycle.isFinished(to)) {
            Dependencies.promoteChildren(ctx, tx, task.id(), now);
        } else if (Lifecycle.isFinished(task.status())) {
            Dependencies.demoteReadyChildren(ctx, tx, task.id(), now);
        }
        return new Moved(to, runId, claimExpires);
    }

    /** Throws the row's refusal unless it allows a move from where the task stands. */
    static void check(Task task, Transition row) {
        if (!row.allowsFrom(task.status())) {
            throw refusal(task, row);
        }
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

    /** The refusal of a move by hand to {@code to}: running, or a status the table does not reach from here. */
    static IllegalTransition refusalByHand(Task task, Status to) {
        Optional<Transition> row = Lifecycle.byHand(to);
        return row.isPresent() ? refusal(task, row.get())
                : new IllegalTransition(task.id(), task.status(), "move to " + to.wire(), "only a claim starts a run");
    }

    private static IllegalTransition refusal(Task task, Transition row) {
        boolean most = Status.values().length - row.from().size() <= 2; // "not from archived" reads better
        List<Status> named = most
                ? Arrays.stream(Status.values()).filter(s -> !row.allowsFrom(s)).toList()
                : Arrays.stream(Status.values()).filter(row::allowsFrom).toList();
        String statuses = named.stream().map(Status::wire).collect(Collectors.joining(", "));
        return new IllegalTransition(task.id(), task.status(), row.action(), (most ? "not from " : "only from ")
                + statuses);
    }

    private static Status land(Tx tx, Task task, Transition row) {
        return switch (row.landing()) {
            case TARGET -> row.target();
            case SETTLED -> Dependencies.settle(tx, task.id());
            case RETRY -> Reviews.openRunIsReview(tx, task) ? Status.REVIEW : Dependencies.settle(tx, task.id());
            case TARGET_WHEN_PARENTS_FINISHED -> {
                List<String> waiting = TaskStore.unfinishedParents(tx, task.id());
                if (!waiting.isEmpty()) {
                    throw Dependencies.unfinished(tx, task.id(), row.action(), waiting);
                }
                yield row.target();
            }
            case READY_WHEN_PARENTS_FINISHED -> {
                List<String> waiting = TaskStore.unfinishedParents(tx, task.id());
                if (!waiting.isEmpty()) {
                    throw Dependencies.unfinished(tx, task.id(), row.action(), waiting);
                }
                yield row.target();
            }
        };
    }

    /**
     * Ends the task's open run as the row says; a worker's report (complete, block) made without one still goes on
     * record as a run of its own, as the reference does. Returns the run's id, or null.
     */
    private static Long endRun(Tx tx, Task task, Transition row, Change change, Status to, boolean tripped,
                               Instant now) {
        Optional<RunOutcome> outcome = tripped ? Optional.of(row.endsTrippedRunAs()) : row.endsRunAs();
        if (outcome.isEmpty()) {
            return null;
        }
        String error = change.reason() != null ? change.reason() : row.runNote(to);
        String metadata = change.verdict() != null && !change.verdict().facts().isEmpty()
                ? io.kanban.core.store.Json.write(change.verdict().facts()) : change.metadata();
        if (task.currentRunId() != null && RunStore.close(tx, task.currentRunId(), outcome.get(), now,
                change.summary(), metadata, error)) {
            return task.currentRunId();
        }
        boolean report = outcome.get() == RunOutcome.COMPLETED || outcome.get() == RunOutcome.BLOCKED
                || outcome.get() == RunOutcome.REVIEW_REQUESTED;
        if (report && change.hasText()) {
            return RunStore.recordClosed(tx, task.id(), task.assignee(), outcome.get(), now, change.summary(),
                    change.metadata(), error);
        }
        return null;
    }

    private static long startRun(Tx tx, Task task, Claims.Claimant who, Instant expires, Instant now) {
        RunStore.open(tx, task.id(), task.assignee(), who.lock(), expires, who.workerPid(), task.maxRuntime(), now);
        // The caller read the task as ready inside this write transaction and no other writer can change it before
        // we commit: SQLite runs one writer at a time, PostgreSQL holds the row lock the read took.
        return TaskStore.claim(tx, task.id(), task.status(), who.lock(), expires, now, who.workerPid())
                .orElseThrow(() -> new IllegalStateException("claim guard on " + task.id()
                        + " failed inside its own transaction"));
    }

    /** The payload of each kind, built here only, so one kind always has one shape. */
    private static Map<String, Object> payload(Transition row, Task task, Status to, Change c, Long runId,
                                               Instant claimExpires, int failures) {
        Map<String, Object> p = new LinkedHashMap<>();
        switch (row.event()) {
            case CLAIMED -> {
                p.put("lock", c.claimant().lock());
                p.put("expires", claimExpires.getEpochSecond());
                p.put("run_id", runId);
                p.put(Reviews.SOURCE_STATUS, task.status().wire());
            }
            case COMPLETED -> {
                p.put("result_len", c.result() == null ? 0 : c.result().length());
                p.put("summary", firstLine(c.summary()));
            }
            case BLOCKED, DEPENDENCY_WAIT -> {
                p.put("reason", c.reason());
                p.put("kind", c.blockKind() == null ? null : c.blockKind().wire());
            }
            case BLOCK_LOOP_DETECTED -> {
                p.put("reason", c.reason());
                p.put("kind", c.blockKind().wire());
                p.put("recurrences", Lifecycle.nextRecurrences(c.blockKind(), task.blockKind(),
                        task.blockRecurrences()));
            }
            case SCHEDULED -> {
                p.put("reason", c.reason());
                p.put("scheduled_until", c.scheduledUntil() == null ? null : c.scheduledUntil().getEpochSecond());
            }
            case SCHEDULE_DUE -> p.put("scheduled_until",
                    task.scheduledUntil() == null ? null : task.scheduledUntil().getEpochSecond());
            case REVIEW_REQUESTED -> {
                p.put("summary", firstLine(c.summary()));
                p.put("implementer", c.implementer());
                p.put("reviewer", c.reviewer());
                p.put("artifacts", c.artifacts());
            }
            case CHANGES_REQUESTED -> {
                p.put("reason", c.reason());
                p.put("implementer", c.implementer());
                p.put("reviewer", c.reviewer());
            }
            case REVIEW_REOPENED -> {
                p.put("reason", c.reason());
                p.put("implementer", c.implementer());
            }
            case PROMOTED_MANUAL -> {
                p.put("actor", c.actor());
                p.put("reason", c.reason());
            }
            case DESCENDANT_INVALIDATED -> {
                p.put("parent", c.origin());
                p.put("from", task.status().wire());
            }
            case STATUS -> {
                p.put("from", task.status().wire());
                p.put("to", to.wire());
            }
            case DEMOTED -> p.put("waiting_for", c.waitingFor());
            case RECLAIMED -> {
                p.put("stale_lock", task.claimLock());
                p.put("manual", row == Transition.RECLAIM_BY_HAND);
                p.put("reason", row == Transition.RECLAIM_BY_HAND ? c.reason() : null);
            }
            case CRASHED, RATE_LIMITED, PROTOCOL_VIOLATION -> {
                p.put("pid", task.workerPid());
                p.put("claimer", task.claimLock());
                if (c.verdict() != null) {
                    c.verdict().facts().forEach(p::putIfAbsent);
                }
            }
            case TIMED_OUT -> {
                p.put("pid", c.overrun().pid());
                p.put("elapsed_seconds", c.overrun().elapsedSeconds());
                p.put("limit_seconds", c.overrun().limitSeconds());
                p.put("sigkill", c.overrun().sigkill());
            }
            case SPAWN_FAILED -> {
                Map<String, Object> failure = failurePayload(c, failures);
                if (c.verdict() != null) {
                    c.verdict().facts().forEach(failure::putIfAbsent);
                }
                return failure;
            }
            default -> {
                return null; // promoted, unblocked, archived
            }
        }
        return p;
    }

    /**
     * The reference's {@code gave_up} payload: how many failures tripped which limit, where that limit came from
     * (the task's own {@code max_retries} or the dispatcher's {@code kanban.failure_limit}), the last error and
     * the outcome of the attempt that tripped it.
     */
    private static Map<String, Object> gaveUpPayload(Task task, Transition row, Change c, int failures, int limit) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("failures", failures);
        p.put("effective_limit", limit);
        p.put("limit_source", ownLimit(task) ? "task.max_retries"
                : c.verdict() != null && c.verdict().limitSource() != null ? c.verdict().limitSource()
                : "kanban.failure_limit");
        p.put("error", c.reason());
        p.put("trigger_outcome", row.endsRunAs().map(RunOutcome::wire).orElse(null));
        if (c.verdict() != null && c.verdict().tripNow()) {
            // Tripped by a rule, not by the count: a person has to look before it runs again.
            p.put("sticky", true);
        }
        if (c.verdict() != null) {
            c.verdict().gaveUpFacts().forEach(p::putIfAbsent);
        }
        return p;
    }

    private static boolean ownLimit(Task task) {
        return task.maxRetries() != null && task.maxRetries() > 0;
    }

    private static Map<String, Object> failurePayload(Change c, int failures) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("error", c.reason());
        p.put("failures", failures);
        return p;
    }

    /** The first line of a summary, as an event carries it. */
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
