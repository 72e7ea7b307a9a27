package io.kanban.core.error;

import java.util.List;

/**
 * A completion named cards in {@code created_cards} that do not exist, or that neither the task's assignee nor the
 * task created and that are not its children: the reference's {@code completion_blocked_hallucination}. Nothing
 * changed on the task; the worker may retry without them.
 */
public final class HallucinatedCards extends ValidationError {
    /** What {@link #taskId()} returns. */
    private final String taskId;
    /** What {@link #phantom()} returns. */
    private final List<String> phantom;

    /**
     * Reports the cards of {@code created_cards} that failed the check.
     *
     * @param taskId the task whose completion was refused
     * @param phantom the ids that do not exist or are not the worker's
     */
    public HallucinatedCards(String taskId, List<String> phantom) {
        super("created_cards", "completion of " + taskId + " blocked: these cards do not exist or were not created"
                + " by this worker: " + String.join(", ", phantom) + ". The task is unchanged; retry without them"
                + " (or with created_cards left out)");
        this.taskId = taskId;
        this.phantom = List.copyOf(phantom);
    }

    /**
     * @return the id of the task whose completion was refused
     */
    public String taskId() {
        return taskId;
    }

    /**
     * The ids that failed the check, in the order given.
     *
     * @return the phantom card ids
     */
    public List<String> phantom() {
        return phantom;
    }

    @Override
    public String code() {
        return "completion_blocked_hallucination";
    }
}
