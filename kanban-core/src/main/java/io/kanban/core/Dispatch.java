package io.kanban.core;

import io.kanban.core.Lifecycle.Transition;
import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.dispatch.ExitRules;
import io.kanban.core.dispatch.ExitRules.Kind;
import io.kanban.core.dispatch.HostLoad;
import io.kanban.core.dispatch.MemoryPressure;
import io.kanban.core.dispatch.WorkerInspection;
import io.kanban.core.error.IllegalTransition;
import io.kanban.core.dispatch.TickReport;
import io.kanban.core.dispatch.TickReport.Failure;
import io.kanban.core.dispatch.TickReport.Skip;
import io.kanban.core.dispatch.TickReport.SkipReason;
import io.kanban.core.dispatch.TickReport.Spawn;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.Event;
import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.EventKind;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.spi.LaunchFailure;
import io.kanban.core.spi.LaunchRequest;
import io.kanban.core.spi.LaunchedWorker;
import io.kanban.core.spi.ProcessProbe;
import io.kanban.core.spi.WorkerExit;
import io.kanban.core.spi.WorkerLauncher;
import io.kanban.core.store.DispatchStore;
import io.kanban.core.store.DispatchStore.LimitedRun;
import io.kanban.core.store.DispatchStore.LocalWorker;
import io.kanban.core.store.EventStore;
import io.kanban.core.store.RunStore;
import io.kanban.core.store.TaskStore;
import io.kanban.core.store.Tx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Dispatch decisions: which claims are dead, which workers ran too long, which ready tasks get a worker now,
 * and the circuit breaker. Starting and stopping processes is the {@link WorkerLauncher}'s job
 * (kanban-dispatcher); a tick calls it and records what happened.
 */
public final class Dispatch {
    /** How many ready tasks one tick looks at; the rest wait for the next tick. */
    static final int QUEUE_WINDOW = 512;
    static final int ERROR_MAX = 500;

    static final int FULL_SWEEP_EVERY = 30;
    /**
     * The event kinds after which a task's children may be promoted (another kernel's events included). A holder,
     * so a process that opens a board without dispatching (a CLI call) does not build the lifecycle table.
     */
    private static final class MayFinish {
        static final Set<String> KINDS = Lifecycle.mayFinishKinds().stream().map(EventKind::wire)
                .collect(Collectors.toUnmodifiableSet());
    }
    static final int EVENT_WINDOW = 5_000;
    /** How long after its run was taken back a live worker is still stopped (see stopTakenBackWorkers). */
    static final Duration REAP_WINDOW = Duration.ofMinutes(10);

    private final BoardContext ctx;
    private final Claims claims;
    /** The event id the promotion sweep has seen up to; -1 before the first full sweep. */
    private long promotedThrough = -1;
    private int ticksSinceFullSweep;

    Dispatch(BoardContext ctx, Claims claims) {
        this.ctx = ctx;
        this.claims = claims;
    }

    /**
     * One full tick: reclaim, crash sweep, max runtime, promote, then spawn in priority order.
     *
     * @param policy the dispatcher's policy
     * @param launcher starts and stops workers
     * @param probe says whether a worker lives
     * @return what the tick did
     */
    public TickReport tick(DispatchPolicy policy, WorkerLauncher launcher, ProcessProbe probe) {
        return tick(policy, launcher, probe, HostLoad.NONE);
    }

    /**
     * One full tick, counting {@code elsewhere} (the workers on the host's other boards) against the host-wide
     * {@code max_in_progress} ({@link DispatchPolicy#globalLimit()}) and the per-profile cap
     * ({@link DispatchPolicy#perAssigneeLimit()}).
     *
     * @param policy the dispatcher's policy
     * @param launcher starts and stops workers
     * @param probe says whether a worker lives
     * @param elsewhere running workers on the host's other boards, per profile
     * @return what the tick did
     */
    public TickReport tick(DispatchPolicy policy, WorkerLauncher launcher, ProcessProbe probe, HostLoad elsewhere) {
        long started = System.nanoTime();
        List<String> gaveUp = new ArrayList<>();
        List<String> reclaimed = reclaimExpired(policy, gaveUp);
        List<String> rateLimited = new ArrayList<>();
        List<String> crashed = reclaimDead(policy, probe, launcher, gaveUp, rateLimited);
        List<String> timedOut = enforceMaxRuntime(policy, launcher, gaveUp);
        if (!policy.dryRun()) {
            stopTakenBackWorkers(policy, launcher, probe);
        }
        int promoted = promote();
        List<String> woken = policy.dryRun() ? List.of() : wakeDue();
        List<Spawn> spawned = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        MemoryPressure pressure = MemoryPressure.of(probe.memory());
        List<String> autoAssigned = new ArrayList<>();
        spawn(policy, launcher, pressure, elsewhere, spawned, failed, skipped, gaveUp, autoAssigned);
        TickReport report = new TickReport(reclaimed, crashed, timedOut, gaveUp, promoted, spawned, failed, skipped,
                policy.dryRun(), (System.nanoTime() - started) / 1_000_000, woken, rateLimited, autoAssigned,
                pressure.wire());
        ctx.observers.ticked(report);
        return report;
    }

    /**
     * Scheduled tasks whose due time came go to ready (todo while a parent is open), each once: the move clears
     * the due time, and a task unblocked by a person meanwhile is no longer scheduled.
     *
     * @return the ids of the tasks woken
     */
    public List<String> wakeDue() {
        Instant now = ctx.now();
        List<String> woken = new ArrayList<>();
        for (String id : ctx.db.read(tx -> TaskStore.dueScheduled(tx, now))) {
            boolean acted = ctx.db.write(tx -> {
                Task task = TaskStore.find(tx, id).orElse(null);
                if (task == null || !visible(task) || task.status() != Status.SCHEDULED
                        || task.scheduledUntil() == null || task.scheduledUntil().isAfter(now)) {
                    return false;
                }
                StateMachine.apply(ctx, tx, task, Transition.SCHEDULE_DUE, Change.none(), now);
                return true;
            });
            if (acted) {
                woken.add(id);
            }
        }
        return woken;
    }

    /**
     * Running tasks whose claim expired without a heartbeat go back to the queue (or to blocked).
     *
     * @param policy the dispatcher's policy
     * @param gaveUp receives the ids of tasks the circuit breaker blocked
     * @return the ids of the tasks reclaimed
     */
    public List<String> reclaimExpired(DispatchPolicy policy, List<String> gaveUp) {
        Instant now = ctx.now();
        List<String> done = new ArrayList<>();
        for (String id : ctx.db.read(tx -> DispatchStore.expiredClaims(tx, now))) {
            boolean acted = ctx.db.write(tx -> {
                Task task = TaskStore.find(tx, id).orElse(null);
                if (task == null || !visible(task) || task.status() != Status.RUNNING || task.claimExpires() == null
                        || !task.claimExpires().isBefore(now)) {
                    return false;
                }
                recordFailure(tx, task, Transition.RECLAIM,
                        Change.failure(truncate("stale_lock=" + task.claimLock()), policy.failureLimit()), now);
                return true;
            });
            if (acted) {
                done.add(id);
                noteGaveUp(id, gaveUp);
            }
        }
        return done;
    }

    /**
     * Workers started from this host whose process is gone or a zombie: the attempt crashed.
     *
     * @param policy the dispatcher's policy
     * @param probe says whether a worker lives
     * @param gaveUp receives the ids of tasks the circuit breaker blocked
     * @return the ids of the tasks whose worker crashed
     */
    public List<String> reclaimCrashed(DispatchPolicy policy, ProcessProbe probe, List<String> gaveUp) {
        return reclaimDead(policy, probe, null, gaveUp, new ArrayList<>());
    }

    /**
     * Workers started from this host whose process is gone or a zombie, judged by how they exited (see
     * {@link ExitRules}): exit 75 goes back to the queue as {@code rate_limited} without counting (its profile
     * then cools down); exit 78 trips the breaker at once; exit 0 without a report is a {@code protocol_violation}
     * on a budget of its own; any other death is a crash, and {@value ExitRules#IDENTICAL_ERRORS_LIMIT} crashes with
     * one error fingerprint in this sweep trip at once.
     *
     * @param launcher asked how each worker exited; null when nobody can tell (every death is then a crash)
     * @param rateLimited receives the ids of rate-limited tasks
     * @return the ids of tasks whose worker died otherwise
     * @param policy the dispatcher's policy
     * @param probe says whether a worker lives
     * @param gaveUp receives the ids of tasks the circuit breaker blocked
     */
    public List<String> reclaimDead(DispatchPolicy policy, ProcessProbe probe, WorkerLauncher launcher,
                                    List<String> gaveUp, List<String> rateLimited) {
        List<Dead> dead = new ArrayList<>();
        for (LocalWorker worker : ctx.db.read(tx -> DispatchStore.localWorkers(tx, ctx.options.hostname()))) {
            if (!isLocal(worker.claimLock()) || !probe.probe(worker.pid()).isDead()) {
                continue;
            }
            Optional<WorkerExit> exit = Optional.empty();
            if (launcher != null && worker.runId() != null) {
                String log = ctx.db.read(tx -> RunStore.find(tx, worker.runId())).map(Run::logPath).orElse(null);
                exit = launcher.exitOf(worker.pid(), worker.runId(), log);
            }
            dead.add(new Dead(worker, ExitRules.judge(worker.pid(), exit)));
        }
        Map<String, Integer> fingerprints = new HashMap<>();
        for (Dead d : dead) {
            if ((d.judged.kind() == Kind.NONZERO_EXIT || d.judged.kind() == Kind.UNKNOWN) && d.judged.informative()) {
                fingerprints.merge(ExitRules.fingerprint(d.judged.error()), 1, Integer::sum);
            }
        }
        List<String> done = new ArrayList<>();
        for (Dead d : dead) {
            LocalWorker worker = d.worker;
            Instant now = ctx.now();
            boolean acted = ctx.db.write(tx -> {
                Task task = TaskStore.find(tx, worker.taskId()).orElse(null);
                if (task == null || !visible(task) || task.status() != Status.RUNNING
                        || !Objects.equals(task.currentRunId(), worker.runId())
                        || !Objects.equals(task.workerPid(), worker.pid())) {
                    return false;
                }
                String error = truncate(d.judged.error());
                Map<String, Object> facts = new LinkedHashMap<>();
                if (d.judged.exitCode() != null) {
                    facts.put("exit_kind", d.judged.kind().wire());
                    facts.put("exit_code", d.judged.exitCode());
                }
                switch (d.judged.kind()) {
                    case RATE_LIMITED -> recordFailure(tx, task, Transition.RATE_LIMIT, Change.exit(error,
                            policy.failureLimit(), new Change.Verdict(facts, false, null, null, null)), now);
                    case CLEAN_EXIT -> {
                        facts.put("protocol_violation", true);
                        int budget = task.maxRetries() != null && task.maxRetries() > 0 ? task.maxRetries()
                                : ExitRules.PROTOCOL_VIOLATION_LIMIT;
                        int streak = protocolViolationStreak(tx, task.id(), worker.runId()) + 1;
                        Map<String, Object> extra = new LinkedHashMap<>();
                        extra.put("protocol_violations", streak);
                        extra.put("protocol_violation_limit", budget);
                        recordFailure(tx, task, Transition.PROTOCOL_VIOLATION, Change.exit(error,
                                policy.failureLimit(), new Change.Verdict(facts, streak >= budget, budget,
                                        "protocol_violation_limit", extra)), now);
                    }
                    case TERMINAL_PROVIDER -> {
                        facts.put("terminal_provider", true);
                        recordFailure(tx, task, Transition.CRASH, Change.exit(error, policy.failureLimit(),
                                new Change.Verdict(facts, true, null, null, Map.of("terminal_provider", true))),
                                now);
                    }
                    default -> {
                        boolean systemic = d.judged.informative() && fingerprints.getOrDefault(
                                ExitRules.fingerprint(d.judged.error()), 0) >= ExitRules.IDENTICAL_ERRORS_LIMIT;
                        recordFailure(tx, task, Transition.CRASH, Change.exit(error, policy.failureLimit(),
                                new Change.Verdict(facts, systemic, systemic ? 1 : null,
                                        systemic ? "identical_errors" : null, null)), now);
                    }
                }
                return true;
            });
            if (acted) {
                if (d.judged.kind() == Kind.RATE_LIMITED) {
                    rateLimited.add(worker.taskId());
                } else {
                    done.add(worker.taskId());
                    noteGaveUp(worker.taskId(), gaveUp);
                }
            }
        }
        return done;
    }

    /** The run's metadata marks it (both kernels write it), or, on older rows, its error says so. */
    private static boolean isProtocolViolation(Run run) {
        com.fasterxml.jackson.databind.JsonNode meta = io.kanban.core.store.Json.readOrNull(run.metadata());
        return (meta != null && meta.path("protocol_violation").asBoolean(false))
                || (run.error() != null && run.error().contains("protocol violation"));
    }

    private record Dead(LocalWorker worker, ExitRules.Judged judged) {
    }

    /**
     * Clean exits without a report in a row among the task's ended runs, newest first (the open run excluded):
     * rate-limited runs are skipped, any other run ends the streak.
     */
    private static int protocolViolationStreak(Tx tx, String taskId, Long openRunId) {
        List<Run> runs = new ArrayList<>(RunStore.forTask(tx, taskId));
        runs.sort((a, b) -> Long.compare(b.id(), a.id()));
        int streak = 0;
        for (Run run : runs) {
            if (run.isOpen() || Objects.equals(run.id(), openRunId)) {
                continue;
            }
            if (run.outcome() == RunOutcome.RATE_LIMITED) {
                continue;
            }
            if (run.outcome() == RunOutcome.CRASHED && isProtocolViolation(run)) {
                streak++;
                continue;
            }
            break;
        }
        return streak;
    }

    /**
     * Workers whose run was taken back (reclaimed by a person, invalidated, archived, moved by hand, or an expired
     * claim) but whose process this host started is still alive: stopped, so they do not keep working on a task
     * that is no longer theirs. Only runs ended in the last {@link #REAP_WINDOW} are looked at, so a pid the system
     * has since handed to another process is not signalled; a pid that an open run holds again is left alone.
     *
     * @return the task ids whose worker was stopped
     * @param policy the dispatcher's policy
     * @param launcher stops the workers
     * @param probe says whether a worker lives
     */
    public List<String> stopTakenBackWorkers(DispatchPolicy policy, WorkerLauncher launcher, ProcessProbe probe) {
        Instant now = ctx.now();
        List<DispatchStore.TakenBack> runs = ctx.db.read(tx -> DispatchStore.takenBack(tx, ctx.options.hostname(),
                now.minus(REAP_WINDOW)));
        if (runs.isEmpty()) {
            return List.of();
        }
        Set<Long> live = ctx.db.read(tx -> DispatchStore.localWorkers(tx, ctx.options.hostname())).stream()
                .map(LocalWorker::pid).collect(Collectors.toSet());
        List<String> stopped = new ArrayList<>();
        for (DispatchStore.TakenBack run : runs) {
            if (!visible(run.taskId()) || !isLocal(run.claimLock()) || live.contains(run.pid())
                    || probe.probe(run.pid()).isDead()) {
                continue;
            }
            boolean killed = launcher.terminate(run.pid(), policy.terminateGrace());
            ctx.db.write(tx -> {
                Map<String, Object> payload = new java.util.LinkedHashMap<>();
                payload.put("pid", run.pid());
                payload.put("sigkill", killed);
                ctx.event(tx, run.taskId(), run.runId(), EventKind.TERMINAL_WORKER_REAPED, payload, ctx.now());
                return null;
            });
            stopped.add(run.taskId());
        }
        return stopped;
    }

    /**
     * Runs past their task's max runtime, measured from the start of this attempt, are stopped.
     *
     * @param policy the dispatcher's policy
     * @param launcher stops the workers
     * @param gaveUp receives the ids of tasks the circuit breaker blocked
     * @return the ids of the tasks timed out
     */
    public List<String> enforceMaxRuntime(DispatchPolicy policy, WorkerLauncher launcher, List<String> gaveUp) {
        List<String> done = new ArrayList<>();
        for (LimitedRun run : ctx.db.read(DispatchStore::openRunsWithLimit)) {
            Instant now = ctx.now();
            long elapsed = Duration.between(run.startedAt(), now).toSeconds();
            if (elapsed <= run.limitSeconds()) {
                continue;
            }
            Task candidate = ctx.db.read(tx -> TaskStore.find(tx, run.taskId()).orElse(null));
            if (candidate == null || !visible(candidate) || !Objects.equals(candidate.currentRunId(), run.runId())) {
                continue;
            }
            if (run.workerPid() != null && !isLocal(run.claimLock())) {
                continue; // another host's dispatcher owns that process
            }
            boolean killed = run.workerPid() != null && launcher.terminate(run.workerPid(), policy.terminateGrace());
            boolean acted = ctx.db.write(tx -> {
                Task task = TaskStore.find(tx, run.taskId()).orElse(null);
                if (task == null || task.status() != Status.RUNNING
                        || !Objects.equals(task.currentRunId(), run.runId())) {
                    return false;
                }
                String error = "ran " + elapsed + " s, past the limit of " + run.limitSeconds() + " s";
                recordFailure(tx, task, Transition.TIME_OUT, Change.overrun(truncate(error), policy.failureLimit(),
                        new Change.Overrun(run.workerPid(), elapsed, run.limitSeconds(), killed)), ctx.now());
                return true;
            });
            if (acted) {
                done.add(run.taskId());
                noteGaveUp(run.taskId(), gaveUp);
            }
        }
        return done;
    }

    /**
     * Promotes todo tasks whose parents have all finished; returns how many. This kernel promotes at once when a
     * parent finishes, so the tick only catches what other kernels on the same board did: it reads the event
     * log since the last tick and re-checks the children of tasks that finished or lost a link. The first tick
     * and every {@value #FULL_SWEEP_EVERY}th sweep the whole board, for changes made without an event.
     *
     * @return how many tasks were promoted
     */
    public synchronized int promote() {
        if (promotedThrough < 0 || ++ticksSinceFullSweep >= FULL_SWEEP_EVERY) {
            long cursor = ctx.db.read(EventStore::latestId);
            int promoted = ctx.db.write(tx -> Dependencies.settleAll(ctx, tx, ctx.now()));
            promotedThrough = cursor;
            ticksSinceFullSweep = 0;
            return promoted;
        }
        List<Event> events = ctx.db.read(tx -> EventStore.since(tx, promotedThrough, EVENT_WINDOW));
        if (events.size() == EVENT_WINDOW) {
            promotedThrough = -1; // too much happened to follow event by event
            return promote();
        }
        if (events.isEmpty()) {
            return 0;
        }
        Set<String> finishedParents = new LinkedHashSet<>();
        Set<String> unlinkedChildren = new LinkedHashSet<>();
        for (Event e : events) {
            if (MayFinish.KINDS.contains(e.kind())) {
                finishedParents.add(e.taskId());
            } else if (e.kind().equals(EventKind.UNLINKED.wire())) {
                unlinkedChildren.add(e.taskId());
            }
        }
        promotedThrough = events.get(events.size() - 1).id();
        if (finishedParents.isEmpty() && unlinkedChildren.isEmpty()) {
            return 0;
        }
        return ctx.db.write(tx -> {
            Instant now = ctx.now();
            int promoted = 0;
            for (String parent : finishedParents) {
                promoted += Dependencies.promoteChildren(ctx, tx, parent, now);
            }
            for (String child : unlinkedChildren) {
                promoted += Dependencies.promoteIfUnblocked(ctx, tx, child, now);
            }
            return promoted;
        });
    }

    /**
     * Starts workers: the ready lane first, then (with a reviewer skill) the review lane. When both lanes have work,
     * the ready lane leaves one slot of this tick's room for the review lane, so reviews are never starved.
     */
    private void spawn(DispatchPolicy policy, WorkerLauncher launcher, MemoryPressure pressure, HostLoad elsewhere,
                       List<Spawn> spawned, List<Failure> failed, List<Skip> skipped, List<String> gaveUp,
                       List<String> autoAssigned) {
        List<Task> queue = ctx.db.read(tx -> DispatchStore.readyQueue(tx, QUEUE_WINDOW));
        List<Task> reviews = policy.reviewDispatch()
                ? ctx.db.read(tx -> DispatchStore.reviewQueue(tx, QUEUE_WINDOW)) : List.of();
        Lane lane = new Lane(policy, new HashMap<>(ctx.db.read(DispatchStore::runningPerAssignee)), elsewhere);
        boolean reviewWaiting = reviews.stream().anyMatch(t -> visible(t) && t.assignee() != null);
        lane.reserved = reviewWaiting && !queue.isEmpty() ? 1 : 0;
        Map<String, Optional<String>> unavailable = new HashMap<>();
        lane.coolingUntil = coolingProfiles(policy);
        lane.pressure = pressure;
        for (Task task : queue) {
            Task current = task;
            if (task.assignee() == null && visible(task)) {
                current = assignDefault(task, policy, launcher, unavailable, autoAssigned);
            }
            spawnOne(current, false, lane, policy, launcher, unavailable, spawned, failed, skipped, gaveUp);
        }
        lane.reserved = 0;
        for (Task task : reviews) {
            spawnOne(task, true, lane, policy, launcher, unavailable, spawned, failed, skipped, gaveUp);
        }
    }

    /**
     * Appends a hold event ({@code skipped_nonspawnable}, {@code respawn_guarded}) once, not every tick: unless the
     * task's latest event of that kind names the same {@code assignee} (when given) or came at or after {@code since}
     * (when given).
     */
    private void noteOnce(String taskId, EventKind kind, String assignee, Instant since, Map<String, Object> payload) {
        ctx.db.write(tx -> {
            Optional<Event> last = EventStore.latest(tx, taskId, kind);
            boolean seen = last.isPresent() && (since == null || !last.get().createdAt().isBefore(since))
                    && (assignee == null || (last.get().payload() != null
                    && last.get().payload().contains("\"assignee\":" + io.kanban.core.store.Json.write(assignee))));
            if (!seen) {
                ctx.event(tx, taskId, null, kind, payload, ctx.now());
            }
            return null;
        });
    }

    /** One {@code respawn_guarded} event per hold: again only when the reason changes or a new hold begins. */
    private void guardedOnce(String taskId, RespawnGuard.Hold hold) {
        ctx.db.write(tx -> {
            Optional<Event> last = EventStore.latest(tx, taskId, EventKind.RESPAWN_GUARDED);
            String reason = hold.reason().wire();
            boolean seen = last.isPresent() && !last.get().createdAt().isBefore(hold.since())
                    && last.get().payload() != null && last.get().payload().contains("\"reason\":\"" + reason + "\"");
            if (!seen) {
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("reason", reason);
                payload.put("detail", hold.detail());
                payload.put("until", hold.until() == null ? null : hold.until().getEpochSecond());
                ctx.event(tx, taskId, null, EventKind.RESPAWN_GUARDED, payload, ctx.now());
            }
            return null;
        });
    }

    /**
     * An unassigned ready card gets {@code kanban.default_assignee} (an {@code assigned} event with
     * {@code source: kanban.default_assignee}) when that profile may run here; otherwise it stays unassigned and the
     * tick reports it so. Not in a dry run.
     */
    private Task assignDefault(Task task, DispatchPolicy policy, WorkerLauncher launcher,
                               Map<String, Optional<String>> unavailable, List<String> autoAssigned) {
        String profile = policy.defaultAssignee();
        if (profile == null || policy.dryRun() || !policy.mayDispatch(profile)
                || unavailable.computeIfAbsent(profile, launcher::unavailableProfile).isPresent()) {
            return task;
        }
        Task assigned = ctx.db.write(tx -> {
            Task current = TaskStore.find(tx, task.id()).orElse(null);
            if (current == null || current.status() != Status.READY || current.assignee() != null) {
                return current;
            }
            TaskStore.setAssignee(tx, task.id(), profile);
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("assignee", profile);
            payload.put("from", null);
            payload.put("source", "kanban.default_assignee");
            ctx.event(tx, task.id(), null, EventKind.ASSIGNED, payload, ctx.now());
            return TaskStore.find(tx, task.id()).orElseThrow();
        });
        if (assigned == null) {
            return task;
        }
        if (profile.equals(assigned.assignee())) {
            autoAssigned.add(task.id());
        }
        return assigned;
    }

    /**
     * Profiles whose worker exited rate-limited within the cooldown, with the time each may spawn again: the
     * provider's quota is the profile's, so none of its cards spawns before then (a card of another profile does).
     */
    private Map<String, Instant> coolingProfiles(DispatchPolicy policy) {
        if (policy.rateLimitCooldown().isZero()) {
            return Map.of();
        }
        Instant now = ctx.now();
        Map<String, Instant> until = new HashMap<>();
        ctx.db.read(tx -> DispatchStore.rateLimitedSince(tx, now.minus(policy.rateLimitCooldown())))
                .forEach((profile, ended) -> {
                    Instant free = ended.plus(policy.rateLimitCooldown());
                    if (free.isAfter(now)) {
                        until.put(profile, free);
                    }
                });
        return until;
    }

    /**
     * The room left in one tick: load per profile and running workers (this board's plus the host's other boards'),
     * workers started, slots kept back.
     */
    private static final class Lane {
        final DispatchPolicy policy;
        final Map<String, Integer> load;
        final HostLoad elsewhere;
        int running;
        int started;
        int reserved;
        /** Profiles cooling down after a rate-limited exit, with when they may spawn again. */
        Map<String, Instant> coolingUntil = Map.of();
        MemoryPressure pressure = MemoryPressure.NONE;

        Lane(DispatchPolicy policy, Map<String, Integer> load, HostLoad elsewhere) {
            this.policy = policy;
            this.load = load;
            this.elsewhere = elsewhere;
            this.running = load.values().stream().mapToInt(Integer::intValue).sum() + elsewhere.total();
        }

        SkipReason full(String assignee) {
            if (load.getOrDefault(assignee, 0) + elsewhere.of(assignee) >= policy.perAssigneeLimit()) {
                return SkipReason.ASSIGNEE_AT_LIMIT;
            }
            if (running + reserved >= policy.globalLimit()) {
                return SkipReason.GLOBAL_LIMIT;
            }
            if (started + reserved >= policy.maxSpawnsPerTick()) {
                return SkipReason.TICK_LIMIT;
            }
            if (started >= pressure.spawnAllowance()) {
                return SkipReason.MEMORY_PRESSURE;
            }
            return null;
        }

        /** What a skip for {@code reason} says beyond its name, or null. */
        String detail(SkipReason reason, String assignee) {
            return switch (reason) {
                case MEMORY_PRESSURE -> "host memory pressure is " + pressure.wire() + ": "
                        + (pressure.spawnAllowance() == 0 ? "no worker starts" : "one worker starts per tick");
                // Said only when the host's other boards count: otherwise the reason says it all.
                case ASSIGNEE_AT_LIMIT -> elsewhere.of(assignee) == 0 ? null : "profile '" + assignee + "' runs "
                        + (load.getOrDefault(assignee, 0) + elsewhere.of(assignee)) + " of "
                        + policy.perAssigneeLimit() + " workers, " + elsewhere.of(assignee) + " on other boards";
                case GLOBAL_LIMIT -> elsewhere.total() == 0 ? null : "the host runs " + running + " of "
                        + policy.globalLimit() + " workers (max_in_progress), " + elsewhere.total()
                        + " on other boards";
                default -> null;
            };
        }

        void took(String assignee) {
            load.merge(assignee, 1, Integer::sum);
            running++;
            started++;
        }
    }

    private void spawnOne(Task task, boolean review, Lane lane, DispatchPolicy policy, WorkerLauncher launcher,
                          Map<String, Optional<String>> unavailable, List<Spawn> spawned, List<Failure> failed,
                          List<Skip> skipped, List<String> gaveUp) {
        if (!visible(task)) {
            return;
        }
        // One look per profile and tick: the launcher may check the file system.
        Optional<String> missing = task.assignee() == null ? Optional.empty()
                : unavailable.computeIfAbsent(task.assignee(), launcher::unavailableProfile);
        SkipReason reason = task.assignee() == null ? SkipReason.UNASSIGNED : null;
        if (reason == null && !policy.mayDispatch(task.assignee())) {
            // Fail closed: a profile this host was not told it may run is left for another host's dispatcher.
            skipped.add(new Skip(task.id(), SkipReason.NOT_IN_DISPATCH_PROFILES, "profile '" + task.assignee()
                    + "' is not in kanban.dispatch_profiles"));
            if (!policy.dryRun()) {
                noteOnce(task.id(), EventKind.SKIPPED_NONSPAWNABLE, task.assignee(), null,
                        Map.of("assignee", task.assignee(), "reason", "not in kanban.dispatch_profiles"));
            }
            return;
        }
        if (reason == null && missing.isPresent()) {
            // Not an attempt: nothing is claimed or counted, the task waits until the profile exists.
            skipped.add(new Skip(task.id(), SkipReason.UNKNOWN_PROFILE, missing.get()));
            return;
        }
        Instant cooling = task.assignee() == null ? null : lane.coolingUntil.get(task.assignee());
        if (reason == null && cooling != null) {
            skipped.add(new Skip(task.id(), SkipReason.RATE_LIMIT_COOLDOWN, "profile '" + task.assignee()
                    + "' was rate-limited; it cools down until " + cooling));
            if (!policy.dryRun()) {
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("reason", "rate_limit_cooldown");
                payload.put("assignee", task.assignee());
                payload.put("until", cooling.getEpochSecond());
                noteOnce(task.id(), EventKind.RESPAWN_GUARDED, null, cooling.minus(policy.rateLimitCooldown()),
                        payload);
            }
            return;
        }
        if (reason == null) {
            reason = lane.full(task.assignee());
        }
        if (reason != null) {
            skipped.add(new Skip(task.id(), reason, lane.detail(reason, task.assignee())));
            return;
        }
        // Asked only of cards that would start now: it reads the card's history.
        Optional<RespawnGuard.Hold> hold = ctx.db.read(tx -> RespawnGuard.check(tx, task, review, ctx.now(),
                policy.rateLimitCooldown()));
        if (hold.isPresent()) {
            skipped.add(new Skip(task.id(), SkipReason.valueOf(hold.get().reason().name()), hold.get().detail()));
            if (!policy.dryRun()) {
                guardedOnce(task.id(), hold.get());
            }
            return;
        }
        if (policy.dryRun()) {
            spawned.add(new Spawn(task.id(), task.assignee(), 0, 0, null, review));
        } else {
            // Another dispatcher (another host) may have claimed it, or even finished it, since the queue read.
            long claimStarted = System.nanoTime();
            Optional<ClaimedTask> claim = ctx.db.write(tx -> TaskStore.find(tx, task.id())
                    .filter(current -> current.status() == (review ? Status.REVIEW : Status.READY))
                    .flatMap(current -> review
                            ? claims.claimReviewIn(tx, current, claims.defaultClaimant(), ctx.now())
                            : claims.claimIn(tx, current, claims.defaultClaimant(), ctx.now(), false)));
            ctx.observers.claimed(claimStarted, claim.isPresent());
            if (claim.isEmpty()) {
                skipped.add(new Skip(task.id(), SkipReason.CLAIMED_ELSEWHERE));
                return;
            }
            launch(claim.get(), review ? policy.reviewSkill() : null, policy, launcher, spawned, failed, gaveUp);
        }
        lane.took(task.assignee());
    }

    private void launch(ClaimedTask claim, String reviewSkill, DispatchPolicy policy, WorkerLauncher launcher,
                        List<Spawn> spawned, List<Failure> failed, List<String> gaveUp) {
        String taskId = claim.task().id();
        try {
            LaunchedWorker worker = launcher.launch(new LaunchRequest(claim.task(), claim.run(), ctx.db.location(),
                    reviewSkill));
            recordSpawned(taskId, claim.run().id(), worker.pid(), worker.logPath());
            spawned.add(new Spawn(taskId, claim.task().assignee(), claim.run().id(), worker.pid(), worker.logPath(),
                    reviewSkill != null));
        } catch (LaunchFailure | RuntimeException e) {
            String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (e instanceof LaunchFailure refusal && refusal.infrastructure()) {
                recordRefusedSpawn(taskId, claim.run().id(), error, policy);
                failed.add(new Failure(taskId, truncate(error), false));
                return;
            }
            boolean tripped = recordSpawnFailure(taskId, claim.run().id(), error, policy);
            failed.add(new Failure(taskId, truncate(error), tripped));
            if (tripped) {
                gaveUp.add(taskId);
            }
        }
    }

    /**
     * Running tasks per assignee on this board: what the host's other boards count against the host-wide caps.
     *
     * @return running task count by assignee
     */
    public Map<String, Integer> runningPerProfile() {
        return ctx.db.read(DispatchStore::runningPerAssignee);
    }

    /**
     * The workers of running tasks (the reference's {@code GET /workers/active}), oldest run first.
     *
     * @param probe says whether a worker lives
     * @return one inspection per running task with an open run
     */
    public List<WorkerInspection> activeWorkers(ProcessProbe probe) {
        List<WorkerInspection> out = new ArrayList<>();
        for (Task task : ctx.db.read(tx -> TaskStore.list(tx, io.kanban.core.model.TaskFilter.all()
                .withStatus(Status.RUNNING)))) {
            if (!visible(task) || task.currentRunId() == null) {
                continue;
            }
            ctx.db.read(tx -> RunStore.find(tx, task.currentRunId())).filter(Run::isOpen)
                    .ifPresent(run -> out.add(inspection(run, probe, 0)));
        }
        out.sort(java.util.Comparator.comparing(WorkerInspection::startedAt).thenComparing(WorkerInspection::runId));
        return out;
    }

    /**
     * One run's worker: pid, whether it lives (asked of {@code probe} when this host started it), runtime, last
     * heartbeat and the last {@code tailBytes} of its log.
     *
     * @throws io.kanban.core.error.ValidationError when there is no such run (or its task is another tenant's)
     * @param runId the run's id
     * @param probe says whether a worker lives
     * @param tailBytes how much of the log's end to read; 0 for none
     * @return the run's worker
     */
    public WorkerInspection inspect(long runId, ProcessProbe probe, int tailBytes) {
        Run run = ctx.db.read(tx -> {
            Run found = RunStore.find(tx, runId).orElseThrow(() -> new io.kanban.core.error.ValidationError(
                    "run_id", "no run with id " + runId));
            ctx.require(tx, found.taskId());
            return found;
        });
        return inspection(run, probe, tailBytes);
    }

    /**
     * Stops a run's worker by hand: the process (when this host started it and it lives) gets SIGTERM, then
     * SIGKILL after {@code grace}; the task is taken back ({@code reclaimed}, failures reset) so the next tick may
     * start a fresh worker. Refused when the run already ended.
     *
     * @return the run as it stands afterwards
     * @param runId the run's id
     * @param launcher stops the process
     * @param probe says whether a worker lives
     * @param grace how long SIGTERM has before SIGKILL
     */
    public WorkerInspection terminate(long runId, WorkerLauncher launcher, ProcessProbe probe, Duration grace) {
        WorkerInspection before = inspect(runId, probe, 0);
        if (before.endedAt() != null) {
            throw new IllegalTransition(before.taskId(), ctx.db.read(tx -> TaskStore.find(tx, before.taskId()))
                    .map(Task::status).orElse(Status.ARCHIVED), "terminate run " + runId, "that run already ended");
        }
        if (before.pid() != null && before.local() && Boolean.TRUE.equals(before.alive())) {
            launcher.terminate(before.pid(), grace);
        }
        Task task = ctx.db.read(tx -> TaskStore.find(tx, before.taskId())).orElseThrow();
        if (task.status() == Status.RUNNING && Objects.equals(task.currentRunId(), runId)) {
            ctx.db.write(tx -> {
                Task current = TaskStore.find(tx, task.id()).orElseThrow();
                if (current.status() == Status.RUNNING && Objects.equals(current.currentRunId(), runId)) {
                    StateMachine.apply(ctx, tx, current, Transition.RECLAIM_BY_HAND,
                            Change.none().withReason("worker terminated by hand"), ctx.now());
                }
                return null;
            });
        }
        return inspect(runId, probe, 0);
    }

    private WorkerInspection inspection(Run run, ProcessProbe probe, int tailBytes) {
        boolean local = isLocal(run.claimLock());
        Boolean alive = run.workerPid() == null || !local ? null : !probe.probe(run.workerPid()).isDead();
        Instant end = run.endedAt() != null ? run.endedAt() : ctx.now();
        long runtime = Math.max(0, Duration.between(run.startedAt(), end).toSeconds());
        return new WorkerInspection(run.id(), run.taskId(), run.profile(), run.status(), run.workerPid(), local,
                alive, run.startedAt(), run.endedAt(), runtime, run.lastHeartbeatAt(), run.claimExpires(),
                run.logPath(), tailBytes > 0 ? logTail(run.logPath(), tailBytes) : null);
    }

    private static String logTail(String logPath, int bytes) {
        if (logPath == null) {
            return null;
        }
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(logPath, "r")) {
            long start = Math.max(0, f.length() - bytes);
            byte[] buf = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(buf);
            return new String(buf, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * A worker process started for the run: record its pid (and log) so later ticks can watch it.
     *
     * @param taskId the task's id
     * @param runId the run's id
     * @param pid the worker's process id
     * @param logPath the worker's log file, or null
     */
    public void recordSpawned(String taskId, long runId, long pid, String logPath) {
        ctx.db.write(tx -> {
            Task task = TaskStore.find(tx, taskId).orElse(null);
            if (task == null || !Objects.equals(task.currentRunId(), runId)) {
                return null; // the run ended while we were starting the process; the next sweep sees the pid
            }
            TaskStore.setWorker(tx, taskId, pid);
            RunStore.setWorker(tx, runId, pid, logPath);
            ctx.event(tx, taskId, runId, EventKind.SPAWNED, Map.of("pid", pid), ctx.now());
            return null;
        });
    }

    /**
     * The worker for this run could not be started (or died at once without touching the task).
     *
     * @return true when this failure opened the circuit breaker and blocked the task
     * @param taskId the task's id
     * @param runId the run's id
     * @param error why the worker could not start
     * @param policy the dispatcher's policy
     */
    public boolean recordSpawnFailure(String taskId, long runId, String error, DispatchPolicy policy) {
        return ctx.db.write(tx -> {
            Task task = TaskStore.find(tx, taskId).orElse(null);
            if (task == null || task.status() != Status.RUNNING || !Objects.equals(task.currentRunId(), runId)) {
                return false;
            }
            return recordFailure(tx, task, Transition.SPAWN_FAIL, Change.failure(truncate(error),
                    policy.failureLimit()), ctx.now()) == Status.BLOCKED;
        });
    }

    /**
     * The host refused the worker for this run (see {@link LaunchFailure#refusedByHost}): the run ends
     * {@code spawn_failed} with {@code infrastructure: true} in its metadata, the card goes back to the queue with no
     * failure counted, and the respawn guard holds it for the cooldown ({@code infrastructure_cooldown}).
     *
     * @param taskId the task's id
     * @param runId the run the refused worker was for; nothing happens unless it is still the task's current run
     * @param error the host's error message (truncated before it is stored)
     * @param policy the dispatcher's policy, for the failure limit
     */
    public void recordRefusedSpawn(String taskId, long runId, String error, DispatchPolicy policy) {
        ctx.db.write(tx -> {
            Task task = TaskStore.find(tx, taskId).orElse(null);
            if (task != null && task.status() == Status.RUNNING && Objects.equals(task.currentRunId(), runId)) {
                recordFailure(tx, task, Transition.SPAWN_REFUSED, Change.exit(truncate(error), policy.failureLimit(),
                        new Change.Verdict(Map.of("infrastructure", true), false, null, null, null)), ctx.now());
            }
            return null;
        });
    }

    /**
     * One more failed attempt, through the circuit breaker: under the limit the task goes back to the queue; at
     * the limit it is blocked with a {@code gave_up} event so a person can look before it loops forever.
     *
     * @return where the task went
     */
    private Status recordFailure(Tx tx, Task task, Transition failure, Change change, Instant now) {
        return StateMachine.apply(ctx, tx, task, failure, change, now).to();
    }

    private void noteGaveUp(String taskId, List<String> gaveUp) {
        Task task = ctx.db.read(tx -> TaskStore.find(tx, taskId).orElse(null));
        if (task != null && task.status() == Status.BLOCKED) {
            gaveUp.add(taskId);
        }
    }

    private boolean visible(Task task) {
        return ctx.tenant == null || ctx.tenant.equals(task.tenant());
    }

    private boolean visible(String taskId) {
        return ctx.tenant == null
                || ctx.db.read(tx -> TaskStore.find(tx, taskId)).map(this::visible).orElse(false);
    }

    /** Claim locks are {@code <host>:<pid>}; only this host can probe or signal the process. */
    private boolean isLocal(String claimLock) {
        if (claimLock == null) {
            return false;
        }
        int colon = claimLock.lastIndexOf(':');
        String host = colon < 0 ? claimLock : claimLock.substring(0, colon);
        return host.equals(ctx.options.hostname());
    }

    private static String truncate(String error) {
        if (error == null) {
            return null;
        }
        return error.length() <= ERROR_MAX ? error : error.substring(0, ERROR_MAX);
    }
}
