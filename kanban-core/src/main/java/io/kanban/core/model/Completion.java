package io.kanban.core.model;

/**
 * What a worker reports when it finishes. {@code metadata} is a JSON object as text, or null.
 * {@code expectedRunId}, when set, makes the call fail unless that run is still the task's open run,
 * so a worker whose claim was reclaimed cannot complete someone else's attempt. {@code force} lets a person
 * complete a task whose worker is still alive without naming its run (the reference's {@code force}).
 */
public record Completion(String summary, String result, String metadata, Long expectedRunId, boolean force) {

    public Completion(String summary, String result, String metadata, Long expectedRunId) {
        this(summary, result, metadata, expectedRunId, false);
    }

    public static Completion withSummary(String summary) {
        return new Completion(summary, null, null, null);
    }

    public Completion forRun(long runId) {
        return new Completion(summary, result, metadata, runId, force);
    }

    public Completion forced() {
        return new Completion(summary, result, metadata, expectedRunId, true);
    }
}
