package io.kanban.dispatcher;

import io.kanban.core.dispatch.DispatchPolicy;
import io.kanban.core.error.ValidationError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything the dispatcher reads from the {@code kanban:} section of {@code config.yaml}. Build with
 * {@link #builder()}; every setting has a named default and bad values fail when built, naming the key.
 *
 * @param dispatchInGateway whether a host process (the dashboard, an embedding service) runs the loop
 * @param dispatchInterval time between ticks of the loop
 * @param workerCommand the worker argv template (see {@link CommandTemplate})
 * @param perAssigneeLimit workers one profile may run at once
 * @param globalLimit workers the host may run at once; null: derived from its memory (the reference's default)
 * @param maxSpawnsPerTick workers one tick may start
 * @param failureLimit consecutive failed attempts that open the circuit breaker
 * @param terminateGrace time between SIGTERM and SIGKILL for an over-runtime worker
 * @param spawnGrace a worker that exits sooner than this without touching its task is a spawn failure
 * @param stuckThreshold ready tasks waiting longer than this with no spawn raise a health warning
 * @param workspaceRoot when set, {@code dir:} workspaces must lie under it
 * @param worktreeRepo the git repository {@code worktree} workspaces branch from; null when none
 * @param logMaxBytes a worker log past this size is rotated to {@code <id>.log.1} at the next attempt
 * @param checkProfiles whether to leave tasks whose assignee has no Hermes profile waiting instead of spawning
 *     workers that must fail ({@code auto}: only when the worker command runs {@code hermes})
 * @param reviewDispatch whether ticks also spawn reviewer runs for review cards, after the ready lane
 * @param reviewSkill the skill a reviewer run loads (the reference's {@code sdlc-review} by default)
 * @param rateLimitCooldown how long a profile waits after a worker's rate-limited exit (75) before its next spawn
 * @param logBackupCount how many rotated logs ({@code <id>.log.1}, {@code .2}, ...) a task keeps
 * @param defaultAssignee the profile unassigned ready cards are given before spawning; null: they wait
 * @param dispatchProfiles the only profiles this host may run (fail closed: empty runs none); null: any
 */
public record DispatcherConfig(
        boolean dispatchInGateway,
        Duration dispatchInterval,
        List<String> workerCommand,
        int perAssigneeLimit,
        Integer globalLimit,
        int maxSpawnsPerTick,
        int failureLimit,
        Duration terminateGrace,
        Duration spawnGrace,
        Duration stuckThreshold,
        Path workspaceRoot,
        Path worktreeRepo,
        long logMaxBytes,
        ProfileCheck checkProfiles,
        boolean reviewDispatch,
        String reviewSkill,
        Duration rateLimitCooldown,
        int logBackupCount,
        String defaultAssignee,
        java.util.Set<String> dispatchProfiles) {

    /** The default of {@code dispatchInGateway}. */
    public static final boolean DEFAULT_DISPATCH_IN_GATEWAY = true;
    /** The default of {@code dispatchInterval}. */
    public static final Duration DEFAULT_DISPATCH_INTERVAL = Duration.ofSeconds(60);
    /** The default worker command (the reference's {@code hermes} invocation). */
    public static final List<String> DEFAULT_WORKER_COMMAND = CommandTemplate.DEFAULT;
    /** The default of {@code spawnGrace}. */
    public static final Duration DEFAULT_SPAWN_GRACE = Duration.ofSeconds(5);
    /** The default of {@code stuckThreshold}. */
    public static final Duration DEFAULT_STUCK_THRESHOLD = Duration.ofMinutes(10);
    /** The default of {@code logMaxBytes}. */
    public static final long DEFAULT_LOG_MAX_BYTES = 2L * 1024 * 1024;
    /** The default of {@code reviewDispatch}. */
    public static final boolean DEFAULT_REVIEW_DISPATCH = true;
    /** The default of {@code reviewSkill}. */
    public static final String DEFAULT_REVIEW_SKILL = DispatchPolicy.DEFAULT_REVIEW_SKILL;
    /** The default of {@code rateLimitCooldown}. */
    public static final Duration DEFAULT_RATE_LIMIT_COOLDOWN = DispatchPolicy.DEFAULT_RATE_LIMIT_COOLDOWN;
    /** The default of {@code logBackupCount}. */
    public static final int DEFAULT_LOG_BACKUP_COUNT = 1;
    /** The reference's environment override of the rate-limit cooldown, in seconds. */
    public static final String RATE_LIMIT_COOLDOWN_ENV = "HERMES_KANBAN_RATE_LIMIT_COOLDOWN_SECONDS";

    /**
     * Checks every setting; a bad value fails naming its {@code config.yaml} key.
     *
     * @throws ValidationError naming the key at fault
     *
     * @param dispatchInGateway whether a host process (the dashboard, an embedding service) runs the loop
     * @param dispatchInterval time between ticks of the loop
     * @param workerCommand the worker argv template (see {@link CommandTemplate})
     * @param perAssigneeLimit workers one profile may run at once
     * @param globalLimit workers the host may run at once; null: derived from its memory (the reference's default)
     * @param maxSpawnsPerTick workers one tick may start
     * @param failureLimit consecutive failed attempts that open the circuit breaker
     * @param terminateGrace time between SIGTERM and SIGKILL for an over-runtime worker
     * @param spawnGrace a worker that exits sooner than this without touching its task is a spawn failure
     * @param stuckThreshold ready tasks waiting longer than this with no spawn raise a health warning
     * @param workspaceRoot when set, {@code dir:} workspaces must lie under it
     * @param worktreeRepo the git repository {@code worktree} workspaces branch from; null when none
     * @param logMaxBytes a worker log past this size is rotated to {@code <id>.log.1} at the next attempt
     * @param checkProfiles whether to leave tasks whose assignee has no Hermes profile waiting instead of spawning
     *     workers that must fail ({@code auto}: only when the worker command runs {@code hermes})
     * @param reviewDispatch whether ticks also spawn reviewer runs for review cards, after the ready lane
     * @param reviewSkill the skill a reviewer run loads (the reference's {@code sdlc-review} by default)
     * @param rateLimitCooldown how long a profile waits after a worker's rate-limited exit (75) before its next spawn
     * @param logBackupCount how many rotated logs ({@code <id>.log.1}, {@code .2}, ...) a task keeps
     * @param defaultAssignee the profile unassigned ready cards are given before spawning; null: they wait
     * @param dispatchProfiles the only profiles this host may run (fail closed: empty runs none); null: any
     */
    public DispatcherConfig {
        if (dispatchInterval == null || dispatchInterval.toSeconds() < 1) {
            throw new ValidationError("kanban.dispatch_interval_seconds", "must be at least 1 second");
        }
        workerCommand = CommandTemplate.validate("kanban.worker_command", workerCommand).tokens();
        atLeastOne("kanban.per_assignee_limit", perAssigneeLimit);
        if (globalLimit != null) {
            atLeastOne("kanban.max_in_progress", globalLimit);
        }
        atLeastOne("kanban.max_spawn", maxSpawnsPerTick);
        atLeastOne("kanban.failure_limit", failureLimit);
        notNegative("kanban.terminate_grace_seconds", terminateGrace);
        notNegative("kanban.spawn_grace_seconds", spawnGrace);
        if (stuckThreshold == null || stuckThreshold.toSeconds() < 1) {
            throw new ValidationError("kanban.stuck_threshold_seconds", "must be at least 1 second");
        }
        absolute("kanban.workspace_root", workspaceRoot);
        absolute("kanban.worktree_repo", worktreeRepo);
        if (logMaxBytes < 1024) {
            throw new ValidationError("kanban.worker_log_rotate_bytes", "must be at least 1024, got " + logMaxBytes);
        }
        notNegative("kanban.rate_limit_cooldown_seconds", rateLimitCooldown);
        if (logBackupCount < 1 || logBackupCount > 100) {
            throw new ValidationError("kanban.worker_log_backup_count", "must be from 1 to 100, got "
                    + logBackupCount);
        }
        if (defaultAssignee != null && (defaultAssignee.isBlank() || !defaultAssignee.strip().equals(defaultAssignee))) {
            throw new ValidationError("kanban.default_assignee", "must be a profile name, got '" + defaultAssignee
                    + "'");
        }
        if (dispatchProfiles != null) {
            for (String profile : dispatchProfiles) {
                if (profile == null || profile.isBlank()) {
                    throw new ValidationError("kanban.dispatch_profiles", "must list profile names");
                }
            }
            dispatchProfiles = java.util.Set.copyOf(dispatchProfiles);
        }
        if (checkProfiles == null) {
            throw new ValidationError("kanban.check_profiles", "must be auto, true or false");
        }
        if (reviewSkill == null || reviewSkill.isBlank() || !reviewSkill.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new ValidationError("kanban.review_skill", "must be a skill name, got '" + reviewSkill + "'");
        }
    }

    /**
     * @return the configuration with every default
     */
    public static DispatcherConfig defaults() {
        return builder().build();
    }

    /**
     * @return a builder with every default
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a builder holding this configuration
     */
    public Builder toBuilder() {
        return new Builder().dispatchInGateway(dispatchInGateway).dispatchInterval(dispatchInterval)
                .workerCommand(workerCommand).perAssigneeLimit(perAssigneeLimit).globalLimit(globalLimit)
                .maxSpawnsPerTick(maxSpawnsPerTick).failureLimit(failureLimit).terminateGrace(terminateGrace)
                .spawnGrace(spawnGrace).stuckThreshold(stuckThreshold).workspaceRoot(workspaceRoot)
                .worktreeRepo(worktreeRepo).logMaxBytes(logMaxBytes).checkProfiles(checkProfiles)
                .reviewDispatch(reviewDispatch).reviewSkill(reviewSkill).rateLimitCooldown(rateLimitCooldown)
                .logBackupCount(logBackupCount).defaultAssignee(defaultAssignee).dispatchProfiles(dispatchProfiles);
    }

    /**
     * These settings with the dispatch rules of {@code policy} (its dry-run flag is refused: a loop acts).
     *
     * @param policy the rules to take
     * @return a copy with them
     * @throws ValidationError if {@code policy} is a dry run
     */
    public DispatcherConfig withPolicy(DispatchPolicy policy) {
        if (policy.dryRun()) {
            throw new ValidationError("dry_run", "a dispatcher loop cannot run dry; use one dry-run tick instead");
        }
        return toBuilder().perAssigneeLimit(policy.perAssigneeLimit()).globalLimit(policy.globalLimit())
                .maxSpawnsPerTick(policy.maxSpawnsPerTick()).failureLimit(policy.failureLimit())
                .terminateGrace(policy.terminateGrace()).reviewDispatch(policy.reviewDispatch())
                .reviewSkill(policy.reviewDispatch() ? policy.reviewSkill() : reviewSkill)
                .rateLimitCooldown(policy.rateLimitCooldown()).defaultAssignee(policy.defaultAssignee())
                .dispatchProfiles(policy.dispatchProfiles()).build();
    }

    /**
     * The dispatch rules core applies in a tick, {@code max_in_progress} derived from this host's memory if unset.
     *
     * @return the policy
     */
    public DispatchPolicy policy() {
        return policy(new ProcfsProcessProbe().memory());
    }

    /**
     * The dispatch rules, an unset {@code max_in_progress} derived from {@code memory}.
     *
     * @param memory the host's memory, when it can tell
     * @return the policy
     */
    public DispatchPolicy policy(java.util.Optional<io.kanban.core.spi.HostMemory> memory) {
        int inProgress = globalLimit != null ? globalLimit
                : io.kanban.core.dispatch.MemoryPressure.defaultMaxInProgress(memory);
        return new DispatchPolicy(perAssigneeLimit, inProgress, maxSpawnsPerTick, failureLimit, terminateGrace,
                false, reviewDispatch ? reviewSkill : null, rateLimitCooldown, defaultAssignee, dispatchProfiles);
    }

    private static void atLeastOne(String key, int value) {
        if (value < 1) {
            throw new ValidationError(key, "must be at least 1, got " + value);
        }
    }

    private static void notNegative(String key, Duration value) {
        if (value == null || value.isNegative()) {
            throw new ValidationError(key, "must be zero or more seconds");
        }
    }

    private static void absolute(String key, Path value) {
        if (value != null && !value.isAbsolute()) {
            throw new ValidationError(key, "must be an absolute path, got '" + value + "'");
        }
    }

    /** Collects settings; {@link #build()} validates them. */
    public static final class Builder {
        private boolean dispatchInGateway = DEFAULT_DISPATCH_IN_GATEWAY;
        private Duration dispatchInterval = DEFAULT_DISPATCH_INTERVAL;
        private List<String> workerCommand = DEFAULT_WORKER_COMMAND;
        private int perAssigneeLimit = DispatchPolicy.DEFAULT_PER_ASSIGNEE_LIMIT;
        private Integer globalLimit;
        private int maxSpawnsPerTick = DispatchPolicy.DEFAULT_MAX_SPAWNS_PER_TICK;
        private int failureLimit = DispatchPolicy.DEFAULT_FAILURE_LIMIT;
        private Duration terminateGrace = DispatchPolicy.DEFAULT_TERMINATE_GRACE;
        private Duration spawnGrace = DEFAULT_SPAWN_GRACE;
        private Duration stuckThreshold = DEFAULT_STUCK_THRESHOLD;
        private Path workspaceRoot;
        private Path worktreeRepo;
        private long logMaxBytes = DEFAULT_LOG_MAX_BYTES;
        private ProfileCheck checkProfiles = ProfileCheck.AUTO;
        private boolean reviewDispatch = DEFAULT_REVIEW_DISPATCH;
        private String reviewSkill = DEFAULT_REVIEW_SKILL;
        private Duration rateLimitCooldown = DEFAULT_RATE_LIMIT_COOLDOWN;
        private int logBackupCount = DEFAULT_LOG_BACKUP_COUNT;
        private String defaultAssignee;
        private java.util.Set<String> dispatchProfiles;

        private Builder() {
        }

        /**
         * @param value whether a host process (the dashboard, an embedding service) runs the loop
         * @return this builder
         */
        public Builder dispatchInGateway(boolean value) {
            this.dispatchInGateway = value;
            return this;
        }

        /**
         * @param value the time between ticks, at least a second
         * @return this builder
         */
        public Builder dispatchInterval(Duration value) {
            this.dispatchInterval = value;
            return this;
        }

        /**
         * @param value the worker command's tokens, with placeholders
         * @return this builder
         */
        public Builder workerCommand(List<String> value) {
            this.workerCommand = value;
            return this;
        }

        /**
         * @param value workers one profile may run at once
         * @return this builder
         */
        public Builder perAssigneeLimit(int value) {
            this.perAssigneeLimit = value;
            return this;
        }

        /**
         * {@code kanban.max_in_progress}; null derives it from the host's memory.
         *
         * @param value workers the board may run at once, or null
         * @return this builder
         */
        public Builder globalLimit(Integer value) {
            this.globalLimit = value;
            return this;
        }

        /**
         * @param value new workers one tick may start
         * @return this builder
         */
        public Builder maxSpawnsPerTick(int value) {
            this.maxSpawnsPerTick = value;
            return this;
        }

        /**
         * @param value failed attempts in a row that open the circuit breaker
         * @return this builder
         */
        public Builder failureLimit(int value) {
            this.failureLimit = value;
            return this;
        }

        /**
         * @param value time between SIGTERM and SIGKILL
         * @return this builder
         */
        public Builder terminateGrace(Duration value) {
            this.terminateGrace = value;
            return this;
        }

        /**
         * @param value how soon an exit without touching the task is a spawn failure
         * @return this builder
         */
        public Builder spawnGrace(Duration value) {
            this.spawnGrace = value;
            return this;
        }

        /**
         * @param value how long a ready task may wait before a health warning
         * @return this builder
         */
        public Builder stuckThreshold(Duration value) {
            this.stuckThreshold = value;
            return this;
        }

        /**
         * @param value the directory {@code dir:} workspaces must lie under, or null
         * @return this builder
         */
        public Builder workspaceRoot(Path value) {
            this.workspaceRoot = value;
            return this;
        }

        /**
         * @param value the repository {@code worktree} workspaces branch from, or null
         * @return this builder
         */
        public Builder worktreeRepo(Path value) {
            this.worktreeRepo = value;
            return this;
        }

        /**
         * @param value the size past which a worker log is rotated
         * @return this builder
         */
        public Builder logMaxBytes(long value) {
            this.logMaxBytes = value;
            return this;
        }

        /**
         * Whether to check Hermes profiles before spawning ({@code auto}, {@code on}, {@code off}).
         *
         * @param value the check
         * @return this builder
         */
        public Builder checkProfiles(ProfileCheck value) {
            this.checkProfiles = value;
            return this;
        }

        /**
         * {@code kanban.review_dispatch}: spawn reviewer runs for review cards.
         *
         * @param value whether to spawn reviewer runs
         * @return this builder
         */
        public Builder reviewDispatch(boolean value) {
            this.reviewDispatch = value;
            return this;
        }

        /**
         * {@code kanban.review_skill}: the skill a reviewer run loads.
         *
         * @param value the skill name
         * @return this builder
         */
        public Builder reviewSkill(String value) {
            this.reviewSkill = value;
            return this;
        }

        /**
         * {@code kanban.rate_limit_cooldown_seconds}: a profile's pause after a rate-limited exit.
         *
         * @param value the pause
         * @return this builder
         */
        public Builder rateLimitCooldown(Duration value) {
            this.rateLimitCooldown = value;
            return this;
        }

        /**
         * {@code kanban.worker_log_backup_count}: rotated logs a task keeps.
         *
         * @param value from 1 to 100
         * @return this builder
         */
        public Builder logBackupCount(int value) {
            this.logBackupCount = value;
            return this;
        }

        /**
         * {@code kanban.default_assignee}: the profile unassigned ready cards are given; null: none.
         *
         * @param value the profile, or null
         * @return this builder
         */
        public Builder defaultAssignee(String value) {
            this.defaultAssignee = value;
            return this;
        }

        /**
         * {@code kanban.dispatch_profiles}: the profiles this host may run; null: any, empty: none.
         *
         * @param value the profiles, or null
         * @return this builder
         */
        public Builder dispatchProfiles(java.util.Set<String> value) {
            this.dispatchProfiles = value;
            return this;
        }

        /**
         * @return the configuration
         * @throws ValidationError naming the key at fault
         */
        public DispatcherConfig build() {
            return new DispatcherConfig(dispatchInGateway, dispatchInterval, workerCommand, perAssigneeLimit,
                    globalLimit, maxSpawnsPerTick, failureLimit, terminateGrace, spawnGrace, stuckThreshold,
                    workspaceRoot, worktreeRepo, logMaxBytes, checkProfiles, reviewDispatch, reviewSkill,
                    rateLimitCooldown, logBackupCount, defaultAssignee, dispatchProfiles);
        }
    }
}
