package io.kanban.core.spi;

import io.kanban.core.model.Run;
import io.kanban.core.model.Task;

/**
 * A claimed task to start a worker for; {@code boardLocation} is what the worker passes back as its board.
 * {@code reviewSkill} is set for a reviewer run (a task claimed from review): the skill the worker loads to
 * review the task instead of implementing it; null for an ordinary run.
 */
public record LaunchRequest(Task task, Run run, String boardLocation, String reviewSkill) {

    /**
     * A request for an ordinary (not review) run.
     *
     * @param task the claimed task
     * @param run the run its claim opened
     * @param boardLocation the board's file or URL, for the worker
     */
    public LaunchRequest(Task task, Run run, String boardLocation) {
        this(task, run, boardLocation, null);
    }

    /**
     * Whether this run reviews the task rather than implements it.
     *
     * @return true when {@code reviewSkill} is set
     */
    public boolean isReview() {
        return reviewSkill != null;
    }
}
