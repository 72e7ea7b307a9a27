package io.kanban.core.model;

/**
 * What a worker reports when it finishes. {@code metadata} is a JSON object as text, or null.
 * {@code expectedRunId}, when set, makes the call fail unless that run is still the task's open run,
 * so a worker whose claim was reclaimed cannot complete someone else's attempt.
 */
public record Completion(String summary, String result, String metadata, Long expectedRunId) {

    public static Completion withSummary(String summary) {
        return new Completion(summary, null, null, null);
    }

    public Completion forRun(long runId) {
        return new Completion(summary, result, metadata, runId);
    }
}
