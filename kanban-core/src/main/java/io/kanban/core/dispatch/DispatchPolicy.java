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

    /**
     * A policy with the default rate-limit cooldown, no default assignee and any profile allowed.
     *
     * @param perAssigneeLimit workers one profile may run at once
     * @param globalLimit workers the whole board may run at once
     * @param maxSpawnsPerTick new workers one tick may start
     * @param failureLimit consecutive failed attempts that open the circuit breaker
     * @param terminateGrace how long an over-runtime worker gets between the polite signal and the kill
     * @param dryRun sweep and report, but claim and spawn nothing
     * @param reviewSkill the skill a reviewer run loads; null turns the review lane off
     */
    public DispatchPolicy(int perAssigneeLimit, int globalLimit, int maxSpawnsPerTick, int failureLimit,
                          Duration terminateGrace, boolean dryRun, String reviewSkill) {
        this(perAssigneeLimit, globalLimit, maxSpawnsPerTick, failureLimit, terminateGrace, dryRun, reviewSkill,
                DEFAULT_RATE_LIMIT_COOLDOWN, null, null);
    }

    /** The reference's reviewer skill ({@code kanban.review_skill}). */
    public static final String DEFAULT_REVIEW_SKILL = "sdlc-review";

    /**
     * A policy with the reference's review skill, the default rate-limit cooldown, no default assignee and any
     * profile allowed.
     *
     * @param perAssigneeLimit workers one profile may run at once
     * @param globalLimit workers the whole board may run at once
     * @param maxSpawnsPerTick new workers one tick may start
     * @param failureLimit consecutive failed attempts that open the circuit breaker
     * @param terminateGrace how long an over-runtime worker gets between the polite signal and the kill
     * @param dryRun sweep and report, but claim and spawn nothing
     */
    public DispatchPolicy(int perAssigneeLimit, int globalLimit, int maxSpawnsPerTick, int failureLimit,
                          Duration terminateGrace, boolean dryRun) {
        this(perAssigneeLimit, globalLimit, maxSpawnsPerTick, failureLimit, terminateGrace, dryRun,
                DEFAULT_REVIEW_SKILL);
    }

    /** The default {@code perAssigneeLimit}. */
    public static final int DEFAULT_PER_ASSIGNEE_LIMIT = 1;
    /** The default {@code globalLimit}. */
    public static final int DEFAULT_GLOBAL_LIMIT = 16;
    /** The default {@code maxSpawnsPerTick}. */
    public static final int DEFAULT_MAX_SPAWNS_PER_TICK = 64;
    /** The default {@code failureLimit}: the reference's, lowered from 5 to 2. */
    public static final int DEFAULT_FAILURE_LIMIT = 2; // the reference lowered it from 5 to 2
    /** The default {@code terminateGrace}. */
    public static final Duration DEFAULT_TERMINATE_GRACE = Duration.ofSeconds(5);
    /** The reference's cooldown after a rate-limited exit. */
    public static final Duration DEFAULT_RATE_LIMIT_COOLDOWN = Duration.ofSeconds(300);

    /**
     * Checks the policy; each bad value fails naming its setting.
     *
     * @throws ValidationError if a limit is below 1, a duration negative, or a name blank or padded
     *
     * @param perAssigneeLimit workers one profile may run at once (1 serves a same-profile queue in order)
     * @param globalLimit workers the whole board may run at once
     * @param maxSpawnsPerTick new workers one tick may start
     * @param failureLimit consecutive failed attempts (spawn failure, crash, time-out, expired claim) that open the
     *     circuit breaker and block the task
     * @param terminateGrace how long an over-runtime worker gets between the polite signal and the kill
     * @param dryRun sweep and report, but claim and spawn nothing
     * @param reviewSkill the skill a reviewer run loads; null turns the review lane off (review cards then wait for a
     *     person or another dispatcher)
     * @param rateLimitCooldown how long a profile whose worker exited rate-limited (exit 75) waits before its next
     *     spawn; zero spawns again on the next tick
     * @param defaultAssignee the profile an unassigned ready card is given before spawning ({@code
     *     kanban.default_assignee}); null leaves unassigned cards waiting
     * @param dispatchProfiles the only profiles this dispatcher may run ({@code kanban.dispatch_profiles}); null allows
     *     any, an empty set none (fail closed)
     */
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

    /**
     * Whether this dispatcher may run workers as {@code profile} ({@code kanban.dispatch_profiles}).
     *
     * @param profile the profile
     * @return whether it is allowed
     */
    public boolean mayDispatch(String profile) {
        return dispatchProfiles == null || dispatchProfiles.contains(profile);
    }

    /**
     * @return the policy with every default
     */
    public static DispatchPolicy defaults() {
        return new DispatchPolicy(DEFAULT_PER_ASSIGNEE_LIMIT, DEFAULT_GLOBAL_LIMIT, DEFAULT_MAX_SPAWNS_PER_TICK,
                DEFAULT_FAILURE_LIMIT, DEFAULT_TERMINATE_GRACE, false);
    }

    /**
     * @param value workers one profile may run at once
     * @return a copy with it
     */
    public DispatchPolicy withPerAssigneeLimit(int value) {
        return new DispatchPolicy(value, globalLimit, maxSpawnsPerTick, failureLimit, terminateGrace, dryRun, reviewSkill,
                rateLimitCooldown, defaultAssignee, dispatchProfiles);
    }

    /**
     * @param value workers the whole board may run at once
     * @return a copy with it
     */
    public DispatchPolicy withGlobalLimit(int value) {
        return new DispatchPolicy(perAssigneeLimit, value, maxSpawnsPerTick, failureLimit, terminateGrace, dryRun, reviewSkill,
                rateLimitCooldown, defaultAssignee, dispatchProfiles);
    }

    /**
     * @param value new workers one tick may start
     * @return a copy with it
     */
    public DispatchPolicy withMaxSpawnsPerTick(int value) {
        return new DispatchPolicy(perAssigneeLimit, globalLimit, value, failureLimit, terminateGrace, dryRun, reviewSkill,
                rateLimitCooldown, defaultAssignee, dispatchProfiles);
    }

    /**
     * @param value consecutive failed attempts that open the circuit breaker
     * @return a copy with it
     */
    public DispatchPolicy withFailureLimit(int value) {
        return new DispatchPolicy(perAssigneeLimit, globalLimit, maxSpawnsPerTick, value, terminateGrace, dryRun, reviewSkill,
                rateLimitCooldown, defaultAssignee, dispatchProfiles);
    }

    /**
     * @param value the time between the polite signal and the kill
     * @return a copy with it
     */
    public DispatchPolicy withTerminateGrace(Duration value) {
        return new DispatchPolicy(perAssigneeLimit, globalLimit, maxSpawnsPerTick, failureLimit, value, dryRun, reviewSkill,
                rateLimitCooldown, defaultAssignee, dispatchProfiles);
    }

    /**
     * @param value whether to claim and spawn nothing
     * @return a copy with it
     */
    public DispatchPolicy withDryRun(boolean value) {
        return new DispatchPolicy(perAssigneeLimit, globalLimit, maxSpawnsPerTick, failureLimit, terminateGrace, value, reviewSkill,
                rateLimitCooldown, defaultAssignee, dispatchProfiles);
    }

    /**
     * The review lane with this reviewer skill, or (null) no review lane.
     *
     * @param value the reviewer skill, or null
     * @return a copy with it
     */
    public DispatchPolicy withReviewSkill(String value) {
        return new DispatchPolicy(perAssigneeLimit, globalLimit, maxSpawnsPerTick, failureLimit, terminateGrace, dryRun, value,
                rateLimitCooldown, defaultAssignee, dispatchProfiles);
    }

    /**
     * @param value how long a rate-limited profile waits before its next spawn
     * @return a copy with it
     */
    public DispatchPolicy withRateLimitCooldown(Duration value) {
        return new DispatchPolicy(perAssigneeLimit, globalLimit, maxSpawnsPerTick, failureLimit, terminateGrace, dryRun,
                reviewSkill, value, defaultAssignee, dispatchProfiles);
    }

    /**
     * Unassigned ready cards get this profile before spawning; null leaves them waiting.
     *
     * @param value the profile, or null
     * @return a copy with it
     */
    public DispatchPolicy withDefaultAssignee(String value) {
        return new DispatchPolicy(perAssigneeLimit, globalLimit, maxSpawnsPerTick, failureLimit, terminateGrace, dryRun,
                reviewSkill, rateLimitCooldown, value, dispatchProfiles);
    }

    /**
     * Only these profiles may be run (null: any; empty: none).
     *
     * @param value the allowed profiles, or null for any
     * @return a copy with it
     */
    public DispatchPolicy withDispatchProfiles(java.util.Set<String> value) {
        return new DispatchPolicy(perAssigneeLimit, globalLimit, maxSpawnsPerTick, failureLimit, terminateGrace, dryRun,
                reviewSkill, rateLimitCooldown, defaultAssignee, value);
    }

    /**
     * @return whether the review lane is on
     */
    public boolean reviewDispatch() {
        return reviewSkill != null;
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new ValidationError(name, "must be at least 1, got " + value);
        }
    }
}
