package io.kanban.core.dispatch;

import java.util.List;

/**
 * What one dispatch tick did. Lists hold task ids unless they say more.
 *
 * @param reclaimed claims that expired without a heartbeat
 * @param crashed workers found dead or zombie
 * @param timedOut workers stopped for running past their task's max runtime
 * @param gaveUp tasks the circuit breaker blocked during this tick
 * @param promoted todo tasks made ready because their parents finished
 * @param spawned workers started (or, in a dry run, that would be)
 * @param failed spawns that failed
 * @param skipped ready tasks left waiting, each with the reason (the reference's {@code respawn_guarded},
 *     {@code skipped_unassigned}, {@code skipped_per_profile_capped} and {@code skipped_nonspawnable} in one list)
 * @param woken scheduled tasks whose due time came, moved to ready (or todo while a parent is open)
 * @param rateLimited tasks whose worker exited rate-limited (exit 75): back in the queue, no failure counted
 * @param autoAssigned unassigned tasks given {@code kanban.default_assignee} this tick
 * @param memoryPressure the host's memory pressure when it held spawns back ({@code elevated}: one spawn,
 *     {@code critical}: none), or null
 */
public record TickReport(
        List<String> reclaimed,
        List<String> crashed,
        List<String> timedOut,
        List<String> gaveUp,
        int promoted,
        List<Spawn> spawned,
        List<Failure> failed,
        List<Skip> skipped,
        boolean dryRun,
        long elapsedMillis,
        List<String> woken,
        List<String> rateLimited,
        List<String> autoAssigned,
        String memoryPressure) {

    /**
     * A report without rate-limited or auto-assigned tasks and without memory pressure.
     *
     * @param reclaimed tasks whose expired claim was reclaimed
     * @param crashed tasks whose worker died
     * @param timedOut tasks whose worker ran past its limit
     * @param gaveUp tasks the circuit breaker blocked
     * @param promoted how many tasks were promoted
     * @param spawned the workers started
     * @param failed the workers that could not start
     * @param skipped ready tasks left waiting, with why
     * @param dryRun whether the tick claimed and spawned nothing
     * @param elapsedMillis how long the tick took
     * @param woken scheduled tasks woken
     */
    public TickReport(List<String> reclaimed, List<String> crashed, List<String> timedOut, List<String> gaveUp,
                      int promoted, List<Spawn> spawned, List<Failure> failed, List<Skip> skipped, boolean dryRun,
                      long elapsedMillis, List<String> woken) {
        this(reclaimed, crashed, timedOut, gaveUp, promoted, spawned, failed, skipped, dryRun, elapsedMillis, woken,
                List.of(), List.of(), null);
    }

    /** A worker started; {@code review}: a reviewer run, for a task claimed from review. */
    public record Spawn(String taskId, String assignee, long runId, long pid, String logPath, boolean review) {
        /**
         * An ordinary (not review) spawn.
         *
         * @param taskId the task's id
         * @param assignee the worker's profile
         * @param runId the run's id
         * @param pid the worker's process id
         * @param logPath its log file, or null
         */
        public Spawn(String taskId, String assignee, long runId, long pid, String logPath) {
            this(taskId, assignee, runId, pid, logPath, false);
        }
    }

    /**
     * A worker that could not be started.
     *
     * @param taskId the task's id
     * @param error why
     * @param gaveUp whether this failure opened the circuit breaker
     */
    public record Failure(String taskId, String error, boolean gaveUp) {
    }

    /** A ready task left waiting; {@code detail} says more where the reason alone does not (or is null). */
    public record Skip(String taskId, SkipReason reason, String detail) {
        /**
         * A skip without detail.
         *
         * @param taskId the task's id
         * @param reason why it was left waiting
         */
        public Skip(String taskId, SkipReason reason) {
            this(taskId, reason, null);
        }
    }

    /** Why a ready task was left waiting in a tick. */
    public enum SkipReason {
        /** Nobody to run it: the task has no assignee. */
        UNASSIGNED,
        /** Its assignee names a worker profile the launcher cannot run (no such Hermes profile on this host). */
        UNKNOWN_PROFILE,
        /** Its profile already runs as many workers as allowed. */
        ASSIGNEE_AT_LIMIT,
        /** The host (every board of the home that the tick knows of) already runs as many workers as allowed. */
        GLOBAL_LIMIT,
        /** This tick already started as many workers as allowed. */
        TICK_LIMIT,
        /** Another dispatcher claimed it first. */
        CLAIMED_ELSEWHERE,
        /** Its profile's worker was rate-limited lately; the profile cools down before its next spawn. */
        RATE_LIMIT_COOLDOWN,
        /** Its assignee is not among {@code kanban.dispatch_profiles}, the profiles this dispatcher may run. */
        NOT_IN_DISPATCH_PROFILES,
        /** The host is short of memory: no spawn (critical), or only one this tick (elevated). */
        MEMORY_PRESSURE,
        /** Respawn guard: the host refused its last spawn (not counted); it waits out the cooldown. */
        INFRASTRUCTURE_COOLDOWN,
        /** Respawn guard: its last failure names a quota, auth or billing wall that no retry fixes. */
        BLOCKER_AUTH,
        /** Respawn guard: a run completed it within the hour and nothing re-queued it since. */
        RECENT_SUCCESS,
        /** Respawn guard: a recent comment links a pull request a new worker would duplicate. */
        ACTIVE_PR;

        /**
         * The reference's spelling: the lower-case name, as {@code respawn_guarded} events carry it.
         *
         * @return the lower-case name
         */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
