package io.kanban.core.error;

/** The caller acted on a claim it no longer holds (reclaimed, or held by another run). */
public final class ClaimLost extends KanbanException {
    /** What {@link #taskId()} returns. */
    private final String taskId;

    /**
     * Reports a report or change made on a claim the caller no longer holds.
     *
     * @param taskId the task whose claim is lost
     * @param why how it was lost, for the message
     */
    public ClaimLost(String taskId, String why) {
        super("claim on task " + taskId + " is lost: " + why);
        this.taskId = taskId;
    }

    /**
     * @return the id of the task whose claim is lost
     */
    public String taskId() {
        return taskId;
    }

    @Override
    public String code() {
        return "claim_lost";
    }
}
