package io.kanban.core;

import io.kanban.core.Claims.Claimant;
import io.kanban.core.model.Completion;
import java.util.List;

/**
 * What one status change carries besides its task and its row of the table: the texts it records on the run and
 * the task, the facts its event reports, and the run a worker says it holds. The verb asking for the change builds
 * it with the factory for its kind; {@link StateMachine} reads only what its row needs.
 *
 * @param reason why: a block's reason, a failure's error; also the error recorded on the run it ends
 * @param expectedRunId when set, the change is refused unless this run is still the task's open one
 * @param failureLimit failed attempts in a row that trip the circuit breaker (failure rows only)
 */
record Change(String summary, String result, String metadata, String reason, Long expectedRunId,
              List<String> waitingFor, Claimant claimant, Overrun overrun, int failureLimit) {

    /** A run stopped for running past its task's limit: what the {@code timed_out} event reports. */
    record Overrun(Long pid, long elapsedSeconds, long limitSeconds, boolean sigkill) {
    }

    static Change none() {
        return new Change(null, null, null, null, null, List.of(), null, null, 0);
    }

    static Change completion(Completion c) {
        return new Change(c.summary(), c.result(), c.metadata(), null, c.expectedRunId(), List.of(), null, null, 0);
    }

    static Change blocking(String reason, Long expectedRunId) {
        return new Change(null, null, null, reason, expectedRunId, List.of(), null, null, 0);
    }

    /** Back to todo, waiting for these unfinished parents. */
    static Change demotion(List<String> waitingFor) {
        return new Change(null, null, null, null, null, List.copyOf(waitingFor), null, null, 0);
    }

    static Change claim(Claimant who) {
        return new Change(null, null, null, null, null, List.of(), who, null, 0);
    }

    static Change failure(String error, int failureLimit) {
        return new Change(null, null, null, error, null, List.of(), null, null, failureLimit);
    }

    static Change overrun(String error, int failureLimit, Overrun overrun) {
        return new Change(null, null, null, error, null, List.of(), null, overrun, failureLimit);
    }

    /** Whether a worker's report says anything, so that it goes on record even without a claimed run. */
    boolean hasText() {
        return summary != null || result != null || metadata != null || reason != null;
    }
}
