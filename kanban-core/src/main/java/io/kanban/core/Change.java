package io.kanban.core;

import io.kanban.core.Claims.Claimant;
import io.kanban.core.model.BlockKind;
import io.kanban.core.model.Completion;
import java.time.Instant;
import java.util.List;

/**
 * What one status change carries besides its task and its row of the table: the texts it records on the run and
 * the task, the facts its event reports, and the run a worker says it holds. The verb asking for the change builds
 * it with the factory for its kind (and the {@code with…} methods for the rest); {@link StateMachine} reads only
 * what its row needs.
 *
 * @param reason why: a block's reason, a failure's error; also the error recorded on the run it ends
 * @param expectedRunId when set, the change is refused unless this run is still the task's open one
 * @param failureLimit failed attempts in a row that trip the circuit breaker (failure rows only)
 * @param blockKind a typed block's kind; null for an untyped one
 * @param scheduledUntil when a scheduled task is due (schedule only); null: it waits for a person
 * @param implementer who did the work under review (review rows)
 * @param reviewer who reviews it (review rows)
 * @param origin the done task whose reopening invalidates this one (invalidate only)
 * @param actor who asked for the change by hand, for the event (null: a person at the board)
 * @param artifacts the names of the files handed over with a review request, for its event
 * @param verdict how the dispatcher judged a worker's exit (failure rows only); null for the plain rules
 */
record Change(String summary, String result, String metadata, String reason, Long expectedRunId,
              List<String> waitingFor, Claimant claimant, Overrun overrun, int failureLimit, BlockKind blockKind,
              Instant scheduledUntil, String implementer, String reviewer, String origin, String actor,
              List<String> artifacts, Verdict verdict) {


    /**
     * A worker's exit as the dispatcher judged it (HERMES-UPSTREAM §5): {@code facts} join the row's event payload
     * and the run's metadata; {@code tripNow} opens the breaker on this attempt whatever the count (a terminal
     * provider error, identical errors across a tick, a spent protocol-violation budget); {@code limit} and
     * {@code limitSource}, when set, are what the {@code gave_up} event reports as the limit that tripped (a task's
     * own {@code max_retries} still wins); {@code gaveUpFacts} join the {@code gave_up} payload.
     */
    record Verdict(java.util.Map<String, Object> facts, boolean tripNow, Integer limit, String limitSource,
                   java.util.Map<String, Object> gaveUpFacts) {
        Verdict {
            facts = facts == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(
                    new java.util.LinkedHashMap<>(facts));
            gaveUpFacts = gaveUpFacts == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(
                    new java.util.LinkedHashMap<>(gaveUpFacts));
        }
    }

    /** A run stopped for running past its task's limit: what the {@code timed_out} event reports. */
    record Overrun(Long pid, long elapsedSeconds, long limitSeconds, boolean sigkill) {
    }

    static Change none() {
        return new Change(null, null, null, null, null, List.of(), null, null, 0, null, null, null, null, null, null,
                List.of(), null);
    }

    static Change completion(Completion c) {
        return new Change(c.summary(), c.result(), c.metadata(), null, c.expectedRunId(), List.of(), null, null, 0,
                null, null, null, null, null, null, List.of(), null);
    }

    static Change blocking(String reason, Long expectedRunId) {
        return none().withReason(reason).withExpectedRunId(expectedRunId);
    }

    /** Back to todo, waiting for these unfinished parents. */
    static Change demotion(List<String> waitingFor) {
        return new Change(null, null, null, null, null, List.copyOf(waitingFor), null, null, 0, null, null, null,
                null, null, null, List.of(), null);
    }

    static Change claim(Claimant who) {
        return new Change(null, null, null, null, null, List.of(), who, null, 0, null, null, null, null, null, null,
                List.of(), null);
    }

    static Change failure(String error, int failureLimit) {
        return new Change(null, null, null, error, null, List.of(), null, null, failureLimit, null, null, null, null,
                null, null, List.of(), null);
    }

    static Change overrun(String error, int failureLimit, Overrun overrun) {
        return new Change(null, null, null, error, null, List.of(), null, overrun, failureLimit, null, null, null,
                null, null, null, List.of(), null);
    }

    /** A failure judged from the worker's exit. */
    static Change exit(String error, int failureLimit, Verdict verdict) {
        return new Change(null, null, null, error, null, List.of(), null, null, failureLimit, null, null, null, null,
                null, null, List.of(), verdict);
    }

    Change withReason(String value) {
        return new Change(summary, result, metadata, value, expectedRunId, waitingFor, claimant, overrun,
                failureLimit, blockKind, scheduledUntil, implementer, reviewer, origin, actor, artifacts, verdict);
    }

    Change withExpectedRunId(Long value) {
        return new Change(summary, result, metadata, reason, value, waitingFor, claimant, overrun, failureLimit,
                blockKind, scheduledUntil, implementer, reviewer, origin, actor, artifacts, verdict);
    }

    Change withBlockKind(BlockKind value) {
        return new Change(summary, result, metadata, reason, expectedRunId, waitingFor, claimant, overrun,
                failureLimit, value, scheduledUntil, implementer, reviewer, origin, actor, artifacts, verdict);
    }

    Change withScheduledUntil(Instant value) {
        return new Change(summary, result, metadata, reason, expectedRunId, waitingFor, claimant, overrun,
                failureLimit, blockKind, value, implementer, reviewer, origin, actor, artifacts, verdict);
    }

    Change withReview(String implementerProfile, String reviewerProfile) {
        return new Change(summary, result, metadata, reason, expectedRunId, waitingFor, claimant, overrun,
                failureLimit, blockKind, scheduledUntil, implementerProfile, reviewerProfile, origin, actor, artifacts, verdict);
    }

    Change withSummary(String text, String metadataJson) {
        return new Change(text, result, metadataJson, reason, expectedRunId, waitingFor, claimant, overrun,
                failureLimit, blockKind, scheduledUntil, implementer, reviewer, origin, actor, artifacts, verdict);
    }

    Change withOrigin(String value) {
        return new Change(summary, result, metadata, reason, expectedRunId, waitingFor, claimant, overrun,
                failureLimit, blockKind, scheduledUntil, implementer, reviewer, value, actor, artifacts, verdict);
    }

    Change withActor(String value) {
        return new Change(summary, result, metadata, reason, expectedRunId, waitingFor, claimant, overrun,
                failureLimit, blockKind, scheduledUntil, implementer, reviewer, origin, value, artifacts, verdict);
    }

    Change withArtifacts(List<String> value) {
        return new Change(summary, result, metadata, reason, expectedRunId, waitingFor, claimant, overrun,
                failureLimit, blockKind, scheduledUntil, implementer, reviewer, origin, actor, List.copyOf(value),
                verdict);
    }

    /** Whether a worker's report says anything, so that it goes on record even without a claimed run. */
    boolean hasText() {
        return summary != null || result != null || metadata != null || reason != null;
    }
}
