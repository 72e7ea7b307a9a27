package io.kanban.core;

import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.model.Diagnostic;
import io.kanban.core.model.Diagnostic.Action;
import io.kanban.core.model.Diagnostic.Severity;
import io.kanban.core.model.DiagnosticKind;
import io.kanban.core.model.EventKind;
import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Status;
import io.kanban.core.model.StuckCause;
import io.kanban.core.model.StuckTask;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskFilter;
import io.kanban.core.store.DiagnosticsStore;
import io.kanban.core.store.EventStore;
import io.kanban.core.store.Json;
import io.kanban.core.store.DiagnosticsStore.BlockCycles;
import io.kanban.core.store.DiagnosticsStore.BlockedSpell;
import io.kanban.core.store.HealthStore;
import io.kanban.core.store.HealthStore.ReadySpell;
import io.kanban.core.store.RunStore;
import io.kanban.core.store.TaskStore;
import io.kanban.core.store.Tx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Problems with cards that a person can fix, each with the actions that fix it (the reference's diagnostics).
 * Every rule reads the board as it is now (tasks, runs, the event log), so a diagnostic disappears as soon as
 * its cause is gone, and every process (CLI, dashboard, a second host) sees the same list; nothing is stored.
 */
public final class Diagnostics {
    /**
     * The reference's thresholds: blocked for a day, ready for half an hour.
     *
     */
    public static final Duration STUCK_IN_BLOCKED = Duration.ofHours(24);
    /** Ready this long without a worker is {@link io.kanban.core.model.DiagnosticKind#STRANDED_IN_READY}. */
    public static final Duration STRANDED_IN_READY = Duration.ofMinutes(30);
    /** Three blocks within a day, with unblocks between them, is a cycle. */
    static final Duration CYCLING_WINDOW = Duration.ofHours(24);
    static final int CYCLING_BLOCKS = 3;
    /** How long past its claim's expiry a running card may go unreclaimed before no dispatcher is assumed. */
    public static final Duration GHOST_GRACE = Duration.ofMinutes(5);
    /** Crashes in a row that make {@code repeated_crashes}. */
    static final int CRASHES = 2;

    private static final Set<RunOutcome> FAILURES =
            EnumSet.of(RunOutcome.CRASHED, RunOutcome.TIMED_OUT, RunOutcome.SPAWN_FAILED, RunOutcome.GAVE_UP);

    private final BoardContext ctx;

    Diagnostics(BoardContext ctx) {
        this.ctx = ctx;
    }

    /**
     * What to list: at least {@code minSeverity} (null: all), about {@code taskId} only (null: every card), with
     * the failure limit the dispatcher uses ({@code kanban.failure_limit}) as the repeated-failure threshold.
     */
    public record Query(Severity minSeverity, String taskId, int failureLimit) {
        /**
         * Every diagnostic of every card, with the dispatcher's default failure limit.
         *
         * @return the query
         */
        public static Query all() {
            return new Query(null, null, DispatchPolicy.DEFAULT_FAILURE_LIMIT);
        }

        /**
         * @param value the least severity listed, or null for all
         * @return a copy with it
         */
        public Query withMinSeverity(Severity value) {
            return new Query(value, taskId, failureLimit);
        }

        /**
         * @param value the only card listed, or null for all
         * @return a copy with it
         */
        public Query withTask(String value) {
            return new Query(minSeverity, value, failureLimit);
        }

        /**
         * @param value the repeated-failure threshold
         * @return a copy with it
         */
        public Query withFailureLimit(int value) {
            return new Query(minSeverity, taskId, value);
        }
    }

    /**
     * Every current diagnostic, most severe first, then the most recent.
     *
     * @param query which diagnostics
     * @return the diagnostics
     */
    public List<Diagnostic> list(Query query) {
        Instant now = ctx.now();
        List<Diagnostic> found = ctx.db.read(tx -> {
            if (query.taskId() != null) {
                ctx.require(tx, query.taskId()); // an unknown id is an error, not an empty list
            }
            List<Diagnostic> all = new ArrayList<>();
            failures(tx, query.failureLimit(), all);
            blocked(tx, now, all);
            cycling(tx, now, all);
            stranded(tx, now, all);
            ghosts(tx, now, all);
            hallucinations(tx, all);
            proseReferences(tx, all);
            return all;
        });
        return found.stream()
                .filter(d -> query.taskId() == null || query.taskId().equals(d.taskId()))
                .filter(d -> query.minSeverity() == null || d.severity().compareTo(query.minSeverity()) >= 0)
                .sorted(Comparator.comparing(Diagnostic::severity).reversed()
                        .thenComparing(Diagnostic::lastSeenAt, Comparator.nullsLast(Comparator.reverseOrder()))
                        .thenComparing(Diagnostic::taskId))
                .toList();
    }

    /** {@code repeated_failures} and {@code repeated_crashes}, from each failing card's run history. */
    private void failures(Tx tx, int failureLimit, List<Diagnostic> out) {
        for (Task t : TaskStore.byIds(tx, DiagnosticsStore.failing(tx, ctx.tenant))) {
            List<Run> streak = failedStreak(RunStore.forTask(tx, t.id()));
            Instant first = streak.isEmpty() ? null : streak.get(0).startedAt();
            Instant last = streak.isEmpty() ? null : ended(streak.get(streak.size() - 1));
            Long lastRun = streak.isEmpty() ? null : streak.get(streak.size() - 1).id();
            boolean allCrashed = streak.size() >= CRASHES
                    && streak.stream().allMatch(r -> r.outcome() == RunOutcome.CRASHED);
            boolean tripped = t.status() == Status.BLOCKED;
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("failures", t.consecutiveFailures());
            data.put("failure_limit", failureLimit);
            data.put("last_error", t.lastFailureError());
            data.put("outcomes", streak.stream().map(r -> r.outcome().wire()).toList());
            if (allCrashed && !tripped) {
                out.add(new Diagnostic(DiagnosticKind.REPEATED_CRASHES, Severity.WARNING, t.id(),
                        "Worker crashed " + streak.size() + " times in a row",
                        "Every recent attempt of profile '" + t.assignee() + "' died without reporting; last error: "
                                + t.lastFailureError() + ". Read its log, or give the card to another profile.",
                        List.of(hint("kanban log " + t.id(), true), reassign(t, false), comment(t)),
                        first, last, streak.size(), lastRun, data));
            } else if (tripped || t.consecutiveFailures() >= Math.max(2, failureLimit - 1)) {
                out.add(new Diagnostic(DiagnosticKind.REPEATED_FAILURES, tripped ? Severity.ERROR : Severity.WARNING,
                        t.id(), tripped ? "Gave up after " + t.consecutiveFailures() + " failed attempts"
                                : t.consecutiveFailures() + " failed attempts in a row",
                        (tripped ? "The circuit breaker blocked the card (limit " + failureLimit + "). "
                                : "One more failure and the circuit breaker blocks it (limit " + failureLimit + "). ")
                                + "Last error: " + t.lastFailureError(),
                        tripped ? List.of(unblock(t, true), reassign(t, false), comment(t), hint("kanban log " + t.id(), false))
                                : List.of(hint("kanban log " + t.id(), true), reassign(t, false), comment(t)),
                        first, last, t.consecutiveFailures(), lastRun, data));
            }
        }
    }

    /**
     * The runs of the current failure streak, oldest first: closed runs from the newest back to a non-failure.
     * The attempt that trips the breaker ends {@code gave_up}: it counts as the streak's last failure.
     */
    private static List<Run> failedStreak(List<Run> runs) {
        List<Run> closed = runs.stream().filter(r -> r.outcome() != null)
                .sorted(Comparator.comparingLong(Run::id)).toList();
        int from = closed.size();
        while (from > 0 && FAILURES.contains(closed.get(from - 1).outcome())) {
            from--;
        }
        return closed.subList(from, closed.size());
    }

    /** {@code stuck_in_blocked}: blocked for a day or more (a breaker trip is {@code repeated_failures}). */
    private void blocked(Tx tx, Instant now, List<Diagnostic> out) {
        Map<String, Task> tasks = byId(TaskStore.list(tx, scoped(TaskFilter.all().withStatus(Status.BLOCKED))));
        for (BlockedSpell spell : DiagnosticsStore.blockedSpells(tx, ctx.tenant)) {
            Task t = tasks.get(spell.taskId());
            if (t == null || t.consecutiveFailures() > 0 || spell.blockedSince().plus(STUCK_IN_BLOCKED).isAfter(now)) {
                continue;
            }
            Duration age = Duration.between(spell.blockedSince(), now);
            out.add(new Diagnostic(DiagnosticKind.STUCK_IN_BLOCKED, Severity.WARNING, t.id(),
                    "Blocked for " + age.toHours() + " h",
                    "Nobody has answered the block for " + age.toHours() + " hours. Answer in a comment and "
                            + "unblock it, or archive it if it is no longer wanted.",
                    List.of(unblock(t, true), comment(t), hint("kanban show " + t.id(), false)),
                    spell.blockedSince(), now, 1, t.currentRunId(),
                    Map.of("blocked_since", spell.blockedSince().getEpochSecond(), "hours", age.toHours())));
        }
    }

    /** {@code block_unblock_cycling}: three or more blocks within a day, unblocked in between. */
    private void cycling(Tx tx, Instant now, List<Diagnostic> out) {
        List<BlockCycles> cycles = DiagnosticsStore.blockCycles(tx, now.minus(CYCLING_WINDOW), CYCLING_BLOCKS,
                ctx.tenant);
        if (cycles.isEmpty()) {
            return;
        }
        Map<String, Task> tasks = byId(TaskStore.byIds(tx, cycles.stream().map(BlockCycles::taskId).toList()));
        for (BlockCycles c : cycles) {
            Task t = tasks.get(c.taskId());
            if (t == null || c.unblocks() < CYCLING_BLOCKS - 1) {
                continue;
            }
            out.add(new Diagnostic(DiagnosticKind.BLOCK_UNBLOCK_CYCLING, Severity.WARNING, t.id(),
                    "Blocked " + c.blocks() + " times in a day",
                    "The card is blocked, unblocked and blocked again: unblocking does not remove the cause. "
                            + "Fix the blocker (answer it in a comment) before unblocking again.",
                    List.of(comment(t).asSuggested(), hint("kanban show " + t.id(), false)),
                    c.firstBlock(), c.lastBlock(), c.blocks(), null,
                    Map.of("blocks", c.blocks(), "unblocks", c.unblocks())));
        }
    }

    /** {@code stranded_in_ready}: ready for half an hour with no worker, with our stuck-queue cause. */
    private void stranded(Tx tx, Instant now, List<Diagnostic> out) {
        List<ReadySpell> spells = HealthStore.readySpells(tx, ctx.tenant);
        Map<String, StuckTask> reported = new HashMap<>();
        Health.reported(spells).forEach(s -> reported.put(s.taskId(), s));
        for (ReadySpell spell : spells) {
            if (spell.readySince().plus(STRANDED_IN_READY).isAfter(now)) {
                continue;
            }
            StuckTask known = reported.get(spell.taskId());
            StuckCause cause = known != null ? known.cause()
                    : spell.assignee() == null ? StuckCause.UNASSIGNED : StuckCause.NOT_REACHED;
            String why = known != null && known.detail() != null ? known.detail()
                    : spell.assignee() == null ? "it has no assignee, so no dispatcher picks it up"
                    : "no dispatcher has started a worker of profile '" + spell.assignee() + "' (is one running?)";
            Duration age = Duration.between(spell.readySince(), now);
            Map<String, Object> payload = Map.of("task_id", spell.taskId());
            List<Action> actions = cause == StuckCause.UNASSIGNED || cause == StuckCause.UNKNOWN_PROFILE
                    || cause == StuckCause.NOT_IN_DISPATCH_PROFILES || cause == StuckCause.BLOCKER_AUTH
                    || cause == StuckCause.ACTIVE_PR
                    ? List.of(new Action("reassign", "Assign a profile", payload, true), hint("kanban dispatch", false))
                    : List.of(hint("kanban dispatch", true), new Action("reassign", "Give it to another profile",
                            payload, false));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("cause", cause.wire());
            data.put("ready_since", spell.readySince().getEpochSecond());
            data.put("minutes", age.toMinutes());
            out.add(new Diagnostic(DiagnosticKind.STRANDED_IN_READY, Severity.WARNING, spell.taskId(),
                    "Ready for " + age.toMinutes() + " min without a worker (" + cause.wire() + ")",
                    "Waiting since it became ready: " + why + ".", actions, spell.readySince(), now, 1, null, data));
        }
    }

    /** {@code ghost_running}: running, with a claim that expired long ago and was never reclaimed. */
    private void ghosts(Tx tx, Instant now, List<Diagnostic> out) {
        for (Task t : TaskStore.list(tx, scoped(TaskFilter.all().withStatus(Status.RUNNING)))) {
            if (t.claimExpires() == null || t.claimExpires().plus(GHOST_GRACE).isAfter(now)) {
                continue;
            }
            Instant lastSign = t.lastHeartbeatAt() != null ? t.lastHeartbeatAt() : t.startedAt();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("claim_expires", t.claimExpires().getEpochSecond());
            data.put("last_heartbeat_at", lastSign == null ? null : lastSign.getEpochSecond());
            data.put("worker_pid", t.workerPid());
            out.add(new Diagnostic(DiagnosticKind.GHOST_RUNNING, Severity.ERROR, t.id(),
                    "Running, but its claim expired " + Duration.between(t.claimExpires(), now).toMinutes()
                            + " min ago",
                    "No heartbeat since the claim expired and no dispatcher reclaimed it: is a dispatcher running? "
                            + "Reclaim it to put it back in the queue.",
                    List.of(new Action("reclaim", "Reclaim", Map.of("task_id", t.id()), true),
                            hint("kanban reclaim " + t.id(), false)),
                    t.claimExpires(), now, 1, t.currentRunId(), data));
        }
    }

    /**
     * {@code hallucinated_cards}: a worker's completion named cards it did not create and was refused. The card
     * is unchanged and may be retried; a person should tell the worker (a comment reaches the next attempt) or
     * take the card back.
     */
    private void hallucinations(Tx tx, List<Diagnostic> out) {
        forEachFlagged(tx, DiagnosticsStore.hallucinations(tx, ctx.tenant), (h, t) -> {
            List<String> phantom = new ArrayList<>();
            EventStore.latest(tx, t.id(), EventKind.COMPLETION_BLOCKED_HALLUCINATION)
                    .map(e -> Json.readOrNull(e.payload()))
                    .map(p -> p.path("phantom"))
                    .ifPresent(ids -> ids.forEach(id -> phantom.add(id.asText())));
            List<Action> actions = new ArrayList<>();
            actions.add(comment(t).asSuggested());
            if (t.status() == Status.RUNNING) {
                actions.add(new Action("reclaim", "Reclaim", Map.of("task_id", t.id()), false));
            }
            actions.add(hint("kanban show " + t.id(), false));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("phantom", phantom);
            data.put("refused_completions", h.count());
            out.add(new Diagnostic(DiagnosticKind.HALLUCINATED_CARDS, Severity.WARNING, t.id(),
                    "Completion named cards its worker did not create",
                    "The worker listed " + String.join(", ", phantom) + " in created_cards, but did not create "
                            + (phantom.size() == 1 ? "that card" : "those cards")
                            + " (nor link them as children), so its completion was refused and nothing changed. "
                            + "Tell the worker in a comment, or reclaim the card.",
                    actions, h.first(), h.last(), h.count(), t.currentRunId(), data));
        });
    }

    /**
     * {@code prose_phantom_refs}: a completion's summary or result names card ids that do not exist. The card is done;
     * whoever reads that text next may go looking for cards that never were, so a person corrects it.
     */
    private void proseReferences(Tx tx, List<Diagnostic> out) {
        forEachFlagged(tx, DiagnosticsStore.proseReferences(tx, ctx.tenant), (h, t) -> {
            List<String> refs = new ArrayList<>();
            Long runId = null;
            var latest = EventStore.latest(tx, t.id(), EventKind.SUSPECTED_HALLUCINATED_REFERENCES);
            if (latest.isPresent()) {
                runId = latest.get().runId();
                var payload = Json.readOrNull(latest.get().payload());
                if (payload != null) {
                    payload.path("phantom_refs").forEach(id -> refs.add(id.asText()));
                }
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("phantom_refs", refs);
            out.add(new Diagnostic(DiagnosticKind.PROSE_PHANTOM_REFS, Severity.WARNING, t.id(),
                    "Completion summary mentions unknown card ids",
                    "The summary or result of its completion names " + String.join(", ", refs) + ", which "
                            + (refs.size() == 1 ? "is not a card" : "are not cards") + " on this board. The"
                            + " completion stands, but whoever reads it next may go looking for cards that never"
                            + " existed: correct the text (kanban edit --summary or --result) or say so in a comment.",
                    List.of(comment(t).asSuggested(), hint("kanban edit " + t.id() + " --summary TEXT", false)),
                    h.first(), h.last(), h.count(), runId, data));
        });
    }

    /** Runs {@code each} for every flagged card that still exists, with its row: one read for all of them. */
    private static void forEachFlagged(Tx tx, List<DiagnosticsStore.Hallucinations> found,
                                       BiConsumer<DiagnosticsStore.Hallucinations, Task> each) {
        if (found.isEmpty()) {
            return;
        }
        Map<String, Task> tasks = byId(TaskStore.byIds(tx,
                found.stream().map(DiagnosticsStore.Hallucinations::taskId).toList()));
        for (DiagnosticsStore.Hallucinations h : found) {
            Task t = tasks.get(h.taskId());
            if (t != null) {
                each.accept(h, t);
            }
        }
    }

    private TaskFilter scoped(TaskFilter filter) {
        return ctx.tenant == null ? filter : filter.withTenant(ctx.tenant);
    }

    private static Map<String, Task> byId(List<Task> tasks) {
        Map<String, Task> m = new HashMap<>();
        tasks.forEach(t -> m.put(t.id(), t));
        return m;
    }

    private static Instant ended(Run r) {
        return r.endedAt() != null ? r.endedAt() : r.startedAt();
    }

    private static Action unblock(Task t, boolean suggested) {
        return new Action("unblock", "Unblock (retry)", Map.of("task_id", t.id()), suggested);
    }

    private static Action reassign(Task t, boolean suggested) {
        return new Action("reassign", "Give it to another profile", Map.of("task_id", t.id()), suggested);
    }

    private static Action comment(Task t) {
        return new Action("comment", "Comment", Map.of("task_id", t.id()), false);
    }

    private static Action hint(String command, boolean suggested) {
        return new Action("cli_hint", command, Map.of("command", command), suggested);
    }
}
