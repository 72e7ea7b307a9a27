package io.kanban.core.error;

/** The caller acted on a claim it no longer holds (reclaimed, or held by another run). */
public final class ClaimLost extends KanbanException {
    private final String taskId;

    public ClaimLost(String taskId, String why) {
        super("claim on task " + taskId + " is lost: " + why);
        this.taskId = taskId;
    }

    public String taskId() {
        return taskId;
    }

    @Override
    public String code() {
        return "claim_lost";
    }
}
