package io.kanban.core.dispatch;

import io.kanban.core.error.ValidationError;
import java.time.Duration;

/**
 * The rules of one dispatch tick.
 *
 * @param perAssigneeLimit workers one profile may run at once (1 serves a same-profile queue in order)
 * @param globalLimit workers the whole board may run at once
 * @param maxSpawnsPerTick new workers one tick may start
 * @param failureLimit consecutive failed attempts (spawn failure, crash, time-out, expired claim) that open the
 *     circuit breaker and block the task
 * @param terminateGrace how long an over-runtime worker gets between the polite signal and the kill
 * @param dryRun sweep and report, but claim and spawn nothing
 * @param reviewSkill the skill a reviewer run loads; null turns the review lane off (review cards then wait for
 *     a person or another dispatcher)
 */
public record DispatchPolicy(int perAssigneeLimit, int globalLimit, int maxSpawnsPerTick, int failureLimit,
                             Duration terminateGrace, boolean dryRun, String reviewSkill) {

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
    }

    public static DispatchPolicy defaults() {
        return new DispatchPolicy(DEFAULT_PER_ASSIGNEE_LIMIT, DEFAULT_GLOBAL_LIMIT, DEFAULT_MAX_SPAWNS_PER_TICK,
                DEFAULT_FAILURE_LIMIT, DEFAULT_TERMINATE_GRACE, false);
    }

    public DispatchPolicy withPerAssigneeLimit(int value) {
        return new DispatchPolicy(value, globalLimit, maxSpawnsPerTick, failureLimit, terminateGrace, dryRun,
                reviewSkill);
    }

    public DispatchPolicy withGlobalLimit(int value) {
        return new DispatchPolicy(perAssigneeLimit, value, maxSpawnsPerTick, failureLimit, terminateGrace, dryRun,
                reviewSkill);
    }

    public DispatchPolicy withMaxSpawnsPerTick(int value) {
        return new DispatchPolicy(perAssigneeLimit, globalLimit, value, failureLimit, terminateGrace, dryRun,
                reviewSkill);
    }

    public DispatchPolicy withFailureLimit(int value) {
        return new DispatchPolicy(perAssigneeLimit, globalLimit, maxSpawnsPerTick, value, terminateGrace, dryRun,
                reviewSkill);
    }

    public DispatchPolicy withTerminateGrace(Duration value) {
        return new DispatchPolicy(perAssigneeLimit, globalLimit, maxSpawnsPerTick, failureLimit, value, dryRun,
                reviewSkill);
    }

    public DispatchPolicy withDryRun(boolean value) {
        return new DispatchPolicy(perAssigneeLimit, globalLimit, maxSpawnsPerTick, failureLimit, terminateGrace, value,
                reviewSkill);
    }

    /** The review lane with this reviewer skill, or (null) no review lane. */
    public DispatchPolicy withReviewSkill(String value) {
        return new DispatchPolicy(perAssigneeLimit, globalLimit, maxSpawnsPerTick, failureLimit, terminateGrace,
                dryRun, value);
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
