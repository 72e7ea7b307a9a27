package io.kanban.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.dispatch.HealthReport;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.dispatch.TickReport.Skip;
import io.kanban.core.model.EventKind;
import io.kanban.core.model.Status;
import io.kanban.core.model.StuckCause;
import io.kanban.core.model.StuckTask;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskFilter;
import io.kanban.core.store.HealthStore;
import io.kanban.core.store.HealthStore.ReadySpell;
import io.kanban.core.store.Json;
import io.kanban.core.store.TaskStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stuck-queue telemetry: ready tasks that wait past a threshold with no worker started, each with its cause
 * (no assignee, unknown profile, a limit reached, failing attempts), plus tasks the circuit breaker blocked.
 * When a ready task first crosses the threshold in its current ready spell, a {@code stuck} event records it
 * once; the event log then tells every process (stats, the dashboard, another dispatcher) what is stuck.
 */
public final class Health {
    /**
     * Stuck events one check appends at most. A large backlog crossing the threshold at once is reported over a
     * few ticks, in queue order, instead of holding the board's write lock for one huge transaction.
     */
    static final int MAX_REPORTS_PER_CHECK = 200;
    private final BoardContext ctx;

    Health(BoardContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Ready tasks whose current ready spell a dispatcher reported as stuck, highest priority first.
     *
     * @return the stuck tasks
     */
    public List<StuckTask> stuckReady() {
        return ctx.db.read(tx -> reported(HealthStore.readySpells(tx, ctx.tenant)));
    }

    static List<StuckTask> reported(List<ReadySpell> spells) {
        List<StuckTask> stuck = new ArrayList<>();
        for (ReadySpell spell : spells) {
            if (spell.reported()) {
                JsonNode payload = Json.readOrNull(spell.stuckPayload());
                StuckCause cause = payload == null ? StuckCause.NOT_REACHED
                        : StuckCause.fromWire(payload.path("cause").asText()).orElse(StuckCause.NOT_REACHED);
                String detail = payload == null ? null : payload.path("detail").asText(null);
                stuck.add(new StuckTask(spell.taskId(), spell.title(), spell.assignee(), cause, detail,
                        spell.readySince(), spell.stuckAt()));
            }
        }
        return stuck;
    }

    /**
     * Judges the queue after {@code tick}: every ready task that has been ready longer than {@code threshold}
     * and got no worker in this tick is stuck, with the cause the tick's skip reasons give. Tasks newly stuck
     * get a {@code stuck} event (not in a dry run); ones already reported in this ready spell do not get another.
     *
     * @param tick the tick just run
     * @param policy the dispatcher's policy
     * @param threshold how long a task may be ready before it counts as stuck
     * @return the stuck tasks and their causes
     */
    public HealthReport check(TickReport tick, DispatchPolicy policy, Duration threshold) {
        Instant now = ctx.now();
        Map<String, Skip> skipped = new HashMap<>();
        tick.skipped().forEach(s -> skipped.put(s.taskId(), s));
        Set<String> spawned = new HashSet<>();
        tick.spawned().forEach(s -> spawned.add(s.taskId()));

        List<StuckTask> stuck = new ArrayList<>();
        Map<String, StuckTask> toReport = new LinkedHashMap<>();
        for (ReadySpell spell : ctx.db.read(tx -> HealthStore.readySpells(tx, ctx.tenant))) {
            if (spawned.contains(spell.taskId()) || !spell.readySince().plus(threshold).isBefore(now)) {
                continue;
            }
            Skip skip = skipped.get(spell.taskId());
            StuckCause cause = cause(skip, spell);
            StuckTask task = new StuckTask(spell.taskId(), spell.title(), spell.assignee(), cause,
                    detail(cause, skip, spell, policy), spell.readySince(), spell.stuckAt());
            stuck.add(task);
            if (!spell.reported()) {
                if (toReport.size() < MAX_REPORTS_PER_CHECK) {
                    toReport.put(task.taskId(), task);
                }
            }
        }
        for (Task t : ctx.db.read(tx -> TaskStore.list(tx, scoped(TaskFilter.all().withStatus(Status.BLOCKED))))) {
            if (t.consecutiveFailures() > 0) {
                stuck.add(new StuckTask(t.id(), t.title(), t.assignee(), StuckCause.BREAKER_OPEN, "blocked after "
                        + t.consecutiveFailures() + " failed attempts; last error: " + t.lastFailureError()
                        + " (unblock it to retry)", null, null));
            }
        }
        List<String> reported = tick.dryRun() || toReport.isEmpty() ? List.of() : report(toReport, threshold, now);
        List<StuckTask> result = new ArrayList<>(stuck.size());
        for (StuckTask s : stuck) {
            result.add(reported.contains(s.taskId()) ? new StuckTask(s.taskId(), s.title(), s.assignee(), s.cause(),
                    s.detail(), s.readySince(), now) : s);
        }
        return new HealthReport(now, result, reported);
    }

    /** Appends the {@code stuck} events, re-checked inside the write so two dispatchers report a spell once. */
    private List<String> report(Map<String, StuckTask> candidates, Duration threshold, Instant now) {
        return ctx.db.write(tx -> {
            List<String> done = new ArrayList<>();
            for (StuckTask s : candidates.values()) {
                ReadySpell spell = HealthStore.readySpell(tx, s.taskId()).orElse(null);
                if (spell == null || spell.reported()) {
                    continue; // another dispatcher reported it, or it left ready since the look
                }
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("cause", s.cause().wire());
                payload.put("detail", s.detail());
                payload.put("assignee", s.assignee());
                payload.put("waiting_seconds", Duration.between(spell.readySince(), now).toSeconds());
                payload.put("threshold_seconds", threshold.toSeconds());
                ctx.event(tx, s.taskId(), null, EventKind.STUCK, payload, now);
                done.add(s.taskId());
            }
            return done;
        });
    }

    private static StuckCause cause(Skip skip, ReadySpell spell) {
        if (skip == null) {
            return spell.consecutiveFailures() > 0 ? StuckCause.FAILING : StuckCause.NOT_REACHED;
        }
        return switch (skip.reason()) {
            case UNASSIGNED -> StuckCause.UNASSIGNED;
            case UNKNOWN_PROFILE -> StuckCause.UNKNOWN_PROFILE;
            case ASSIGNEE_AT_LIMIT -> StuckCause.ASSIGNEE_AT_LIMIT;
            case GLOBAL_LIMIT -> StuckCause.GLOBAL_LIMIT;
            case TICK_LIMIT -> StuckCause.TICK_LIMIT;
            case CLAIMED_ELSEWHERE -> StuckCause.CLAIMED_ELSEWHERE;
            case RATE_LIMIT_COOLDOWN -> StuckCause.RATE_LIMIT_COOLDOWN;
            case NOT_IN_DISPATCH_PROFILES -> StuckCause.NOT_IN_DISPATCH_PROFILES;
            case MEMORY_PRESSURE -> StuckCause.MEMORY_PRESSURE;
            case INFRASTRUCTURE_COOLDOWN -> StuckCause.INFRASTRUCTURE_COOLDOWN;
            case BLOCKER_AUTH -> StuckCause.BLOCKER_AUTH;
            case RECENT_SUCCESS -> StuckCause.RECENT_SUCCESS;
            case ACTIVE_PR -> StuckCause.ACTIVE_PR;
        };
    }

    private static String detail(StuckCause cause, Skip skip, ReadySpell spell, DispatchPolicy policy) {
        return switch (cause) {
            case UNASSIGNED -> "no assignee, so no worker profile can run it";
            case UNKNOWN_PROFILE -> skip.detail() != null ? skip.detail()
                    : "no worker profile '" + spell.assignee() + "' on this host";
            case ASSIGNEE_AT_LIMIT -> skip.detail() != null ? skip.detail() : "profile '" + spell.assignee()
                    + "' already runs its limit of " + policy.perAssigneeLimit() + " worker(s) at once";
            case GLOBAL_LIMIT -> skip.detail() != null ? skip.detail() : "the host already runs its limit of "
                    + policy.globalLimit() + " workers at once (max_in_progress)";
            case TICK_LIMIT -> "a tick starts at most " + policy.maxSpawnsPerTick()
                    + " workers and tasks of higher priority came first";
            case CLAIMED_ELSEWHERE -> "another dispatcher keeps claiming it first";
            case RATE_LIMIT_COOLDOWN -> skip.detail() != null ? skip.detail()
                    : "profile '" + spell.assignee() + "' was rate-limited and cools down";
            case NOT_IN_DISPATCH_PROFILES -> "profile '" + spell.assignee()
                    + "' is not in kanban.dispatch_profiles, so this host does not run it";
            case MEMORY_PRESSURE -> skip.detail() != null ? skip.detail() : "the host is short of memory";
            case INFRASTRUCTURE_COOLDOWN, BLOCKER_AUTH, RECENT_SUCCESS, ACTIVE_PR -> skip.detail() != null
                    ? skip.detail() : "held by the respawn guard (" + cause.wire() + ")";
            case FAILING -> spell.consecutiveFailures() + " failed attempt(s) in a row; later ticks retry it";
            case NOT_REACHED -> "no dispatcher tick reached it (past the queue window, or another tenant's dispatcher)";
            case BREAKER_OPEN -> "the circuit breaker blocked it";
        };
    }

    private TaskFilter scoped(TaskFilter filter) {
        return ctx.tenant == null ? filter : filter.withTenant(ctx.tenant);
    }
}
