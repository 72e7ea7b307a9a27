package io.kanban.core.dispatch;

import io.kanban.core.error.ValidationError;
import java.time.Duration;

/**
 * The rules of one dispatch tick.
 *
 * @param perAssigneeLimit workers one profile may run at once (1 serves a same-profile queue in order)
 * @param globalLimit workers the host may run at once ({@code kanban.max_in_progress}): this board's and, given a
 *     {@link HostLoad}, those of the host's other boards
 * @param maxSpawnsPerTick new workers one tick may start
 * @param failureLimit consecutive failed attempts (spawn failure, crash, time-out, expired claim) that open the
 *     circuit breaker and block the task
 * @param terminateGrace how long an over-runtime worker gets between the polite signal and the kill
 * @param dryRun sweep and report, but claim and spawn nothing
 * @param reviewSkill the skill a reviewer run loads; null turns the review lane off (review cards then wait for
 *     a person or another dispatcher)
 * @param rateLimitCooldown how long a profile whose worker exited rate-limited (exit 75) waits before its next
 *     spawn; zero spawns again on the next tick
 * @param defaultAssignee the profile an unassigned ready card is given before spawning ({@code
 *     kanban.default_assignee}); null leaves unassigned cards waiting
 * @param dispatchProfiles the only profiles this dispatcher may run ({@code kanban.dispatch_profiles}); null
 *     allows any, an empty set none (fail closed)
 */
public record DispatchPolicy(int perAssigneeLimit, int globalLimit, int maxSpawnsPerTick, int failureLimit,
                             Duration terminateGrace, boolean dryRun, String reviewSkill, Duration rateLimitCooldown,
                             String defaultAssignee, java.util.Set<String> dispatchProfiles) {

    public DispatchPolicy(int perAssigneeLimit, int globalLimit, int maxSpawnsPerTick, int failureLimit,
                          Duration terminateGrace, boolean dryRun, String reviewSkill) {
        this(perAssigneeLimit, globalLimit, maxSpawnsPerTick, failureLimit, terminateGrace, dryRun, reviewSkill,
                DEFAULT_RATE_LIMIT_COOLDOWN, null, null);
    }

    /** The reference's reviewer skill ({@code kanban.review_skill}). */
    public static final String DEFAULT_REVIEW_SKILL = "sdlc-review";

    public DispatchPolicy(int perAssigneeLimit, int globalLimit, int maxSpawnsPerTick, int failureLimit,
                          Duration terminateGrace, boolean dryRun) {
        this(perAssigneeLimit, globalLimit, maxSpawnsPerTick, failureLimit, terminateGrace, dryRun,
                DEFAULT_REVIEW_SKILL);
    }

    public static final int DEFAULT_PER_ASSIGNEE_LIMIT = 1;
    public static final int DEFAULT_GLOBAL_LIMIT = 16;
    public static final int DEFAULT_MAX_SPAWNS_PER_TICK = 64;
    public static final int DEFAULT_FAILURE_LIMIT = 2; // the reference lowered it from 5 to 2
    public static final Duration DEFAULT_TERMINATE_GRACE = Duration.ofSeconds(5);
    /** The reference's cooldown after a rate-limited exit. */
    public static final Duration DEFAULT_RATE_LIMIT_COOLDOWN = Duration.ofSeconds(300);

    public DispatchPolicy {
        positive("per_assignee_limit", perAssigneeLimit);
        positive("global_limit", globalLimit);
        positive("max_spawns_per_tick", maxSpawnsPerTick);
        positive("failure_limit", failureLimit);
        if (terminateGrace == null || terminateGrace.isNegative()) {
            throw new ValidationError("terminate_grace", "must be zero or positive");
        }
        if (reviewSkill != null && (reviewSkill.isBlank() || !reviewSkill.strip().equals(reviewSkill))) {
            throw new ValidationError("review_skill", "must be a skill name, got '" + reviewSkill + "'");
        }
        if (rateLimitCooldown == null || rateLimitCooldown.isNegative()) {
            throw new ValidationError("rate_limit_cooldown_seconds", "must be zero or more seconds");
        }
        if (defaultAssignee != null && (defaultAssignee.isBlank() || !defaultAssignee.strip().equals(defaultAssignee))) {
            throw new ValidationError("default_assignee", "must be a profile name, got '" + defaultAssignee + "'");
        }
        dispatchProfiles = dispatchProfiles == null ? null : java.util.Set.copyOf(dispatchProfiles);
    }

    /** Whether this dispatcher may run workers as {@code profile} ({@code kanban.dispatch_profiles}). */
    public boolean mayDispatch(String profile) {
        return dispatchProfiles == null || dispatchProfiles.contains(profile);
    }

    public static DispatchPolicy defaults() {
        return new DispatchPolicy(DEFAULT_PER_ASSIGNEE_LIMIT, DEFAULT_GLOBAL_LIMIT, DEFAULT_MAX_SPAWNS_PER_TICK,
                DEFAULT_FAILURE_LIMIT, DEFAULT_TERMINATE_GRACE, false);
    }

    public DispatchPolicy withPerAssigneeLimit(int value) {
        return new DispatchPolicy(value, globalLimit, maxSpawnsPerTick, failureLimit, terminateGrace, dryRun, reviewSkill,
                rateLimitCooldown, defaultAssignee, dispatchProfiles);
    }

    public DispatchPolicy withGlobalLimit(int value) {
        return new DispatchPolicy(perAssigneeLimit, value, maxSpawnsPerTick, failureLimit, terminateGrace, dryRun, reviewSkill,
                rateLimitCooldown, defaultAssignee, dispatchProfiles);
    }

    public DispatchPolicy withMaxSpawnsPerTick(int value) {
        return new DispatchPolicy(perAssigneeLimit, globalLimit, value, failureLimit, terminateGrace, dryRun, reviewSkill,
                rateLimitCooldown, defaultAssignee, dispatchProfiles);
    }

    public DispatchPolicy withFailureLimit(int value) {
        return new DispatchPolicy(perAssigneeLimit, globalLimit, maxSpawnsPerTick, value, terminateGrace, dryRun, reviewSkill,
                rateLimitCooldown, defaultAssignee, dispatchProfiles);
    }

    public DispatchPolicy withTerminateGrace(Duration value) {
        return new DispatchPolicy(perAssigneeLimit, globalLimit, maxSpawnsPerTick, failureLimit, value, dryRun, reviewSkill,
                rateLimitCooldown, defaultAssignee, dispatchProfiles);
    }

    public DispatchPolicy withDryRun(boolean value) {
        return new DispatchPolicy(perAssigneeLimit, globalLimit, maxSpawnsPerTick, failureLimit, terminateGrace, value, reviewSkill,
                rateLimitCooldown, defaultAssignee, dispatchProfiles);
    }

    /** The review lane with this reviewer skill, or (null) no review lane. */
    public DispatchPolicy withReviewSkill(String value) {
        return new DispatchPolicy(perAssigneeLimit, globalLimit, maxSpawnsPerTick, failureLimit, terminateGrace, dryRun, value,
                rateLimitCooldown, defaultAssignee, dispatchProfiles);
    }

    public DispatchPolicy withRateLimitCooldown(Duration value) {
        return new DispatchPolicy(perAssigneeLimit, globalLimit, maxSpawnsPerTick, failureLimit, terminateGrace, dryRun,
                reviewSkill, value, defaultAssignee, dispatchProfiles);
    }

    /** Unassigned ready cards get this profile before spawning; null leaves them waiting. */
    public DispatchPolicy withDefaultAssignee(String value) {
        return new DispatchPolicy(perAssigneeLimit, globalLimit, maxSpawnsPerTick, failureLimit, terminateGrace, dryRun,
                reviewSkill, rateLimitCooldown, value, dispatchProfiles);
    }

    /** Only these profiles may be run (null: any; empty: none). */
    public DispatchPolicy withDispatchProfiles(java.util.Set<String> value) {
        return new DispatchPolicy(perAssigneeLimit, globalLimit, maxSpawnsPerTick, failureLimit, terminateGrace, dryRun,
                reviewSkill, rateLimitCooldown, defaultAssignee, value);
    }

    public boolean reviewDispatch() {
        return reviewSkill != null;
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new ValidationError(name, "must be at least 1, got " + value);
        }
    }
}
