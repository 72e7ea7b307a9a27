package io.kanban.core.error;

import java.util.List;

/**
 * A completion named cards in {@code created_cards} that do not exist, or that neither the task's assignee nor the
 * task created and that are not its children: the reference's {@code completion_blocked_hallucination}. Nothing
 * changed on the task; the worker may retry without them.
 */
public final class HallucinatedCards extends ValidationError {
    private final String taskId;
    private final List<String> phantom;

    public HallucinatedCards(String taskId, List<String> phantom) {
        super("created_cards", "completion of " + taskId + " blocked: these cards do not exist or were not created"
                + " by this worker: " + String.join(", ", phantom) + ". The task is unchanged; retry without them"
                + " (or with created_cards left out)");
        this.taskId = taskId;
        this.phantom = List.copyOf(phantom);
    }

    public String taskId() {
        return taskId;
    }

    /** The ids that failed the check, in the order given. */
    public List<String> phantom() {
        return phantom;
    }

    @Override
    public String code() {
        return "completion_blocked_hallucination";
    }
}
