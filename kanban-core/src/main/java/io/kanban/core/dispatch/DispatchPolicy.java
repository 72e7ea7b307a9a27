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
 */
public record DispatchPolicy(int perAssigneeLimit, int globalLimit, int maxSpawnsPerTick, int failureLimit,
                             Duration terminateGrace, boolean dryRun) {

    public static final int DEFAULT_PER_ASSIGNEE_LIMIT = 1;
    public static final int DEFAULT_GLOBAL_LIMIT = 16;
    public static final int DEFAULT_MAX_SPAWNS_PER_TICK = 64;
    public static final int DEFAULT_FAILURE_LIMIT = 3;
    public static final Duration DEFAULT_TERMINATE_GRACE = Duration.ofSeconds(5);

    public DispatchPolicy {
        positive("per_assignee_limit", perAssigneeLimit);
        positive("global_limit", globalLimit);
        positive("max_spawns_per_tick", maxSpawnsPerTick);
        positive("failure_limit", failureLimit);
        if (terminateGrace == null || terminateGrace.isNegative()) {
            throw new ValidationError("terminate_grace", "must be zero or positive");
        }
    }

    public static DispatchPolicy defaults() {
        return new DispatchPolicy(DEFAULT_PER_ASSIGNEE_LIMIT, DEFAULT_GLOBAL_LIMIT, DEFAULT_MAX_SPAWNS_PER_TICK,
                DEFAULT_FAILURE_LIMIT, DEFAULT_TERMINATE_GRACE, false);
    }

    public DispatchPolicy withPerAssigneeLimit(int value) {
        return new DispatchPolicy(value, globalLimit, maxSpawnsPerTick, failureLimit, terminateGrace, dryRun);
    }

    public DispatchPolicy withGlobalLimit(int value) {
        return new DispatchPolicy(perAssigneeLimit, value, maxSpawnsPerTick, failureLimit, terminateGrace, dryRun);
    }

    public DispatchPolicy withMaxSpawnsPerTick(int value) {
        return new DispatchPolicy(perAssigneeLimit, globalLimit, value, failureLimit, terminateGrace, dryRun);
    }

    public DispatchPolicy withFailureLimit(int value) {
        return new DispatchPolicy(perAssigneeLimit, globalLimit, maxSpawnsPerTick, value, terminateGrace, dryRun);
    }

    public DispatchPolicy withTerminateGrace(Duration value) {
        return new DispatchPolicy(perAssigneeLimit, globalLimit, maxSpawnsPerTick, failureLimit, value, dryRun);
    }

    public DispatchPolicy withDryRun(boolean value) {
        return new DispatchPolicy(perAssigneeLimit, globalLimit, maxSpawnsPerTick, failureLimit, terminateGrace, value);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new ValidationError(name, "must be at least 1, got " + value);
        }
    }
}
