package io.kanban.core.model;

/**
 * What a worker reports when it finishes. {@code metadata} is a JSON object as text, or null.
 * {@code expectedRunId}, when set, makes the call fail unless that run is still the task's open run,
 * so a worker whose claim was reclaimed cannot complete someone else's attempt. {@code force} lets a person
 * complete a task whose worker is still alive without naming its run (the reference's {@code force}).
 */
public record Completion(String summary, String result, String metadata, Long expectedRunId, boolean force) {

    /**
     * A completion that is not forced.
     *
     * @param summary a short summary of the work, or null
     * @param result the result text, or null
     * @param metadata a JSON object as text, or null
     * @param expectedRunId the run the worker was given, or null not to check
     */
    public Completion(String summary, String result, String metadata, Long expectedRunId) {
        this(summary, result, metadata, expectedRunId, false);
    }

    /**
     * A completion with only a summary, for a person completing a task by hand.
     *
     * @param summary the summary
     * @return the completion, not tied to a run
     */
    public static Completion withSummary(String summary) {
        return new Completion(summary, null, null, null);
    }

    /**
     * @param runId the run the worker was given
     * @return a copy that fails unless {@code runId} is still the task's open run
     */
    public Completion forRun(long runId) {
        return new Completion(summary, result, metadata, runId, force);
    }

    /**
     * @return a copy with {@code force} set
     */
    public Completion forced() {
        return new Completion(summary, result, metadata, expectedRunId, true);
    }
}
