package io.kanban.core.wire;

import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Task;
import java.util.List;

/**
 * A parent task as the worker of its child reads it: the task, and the summary and metadata its last completed
 * run reported (null when it has none, or when the reader may not see its runs). Written as the task's fields plus
 * {@code summary} and {@code metadata}.
 */
public record ParentOutput(Task task, String summary, String metadata) {

    /**
     * The parent with what the last of {@code runs} (its runs, oldest first) that completed reported.
     *
     * @param task the parent
     * @param runs its runs, oldest first
     * @return the parent's output
     */
    public static ParentOutput of(Task task, List<Run> runs) {
        Run finished = null;
        for (Run r : runs) {
            if (r.outcome() == RunOutcome.COMPLETED) {
                finished = r;
            }
        }
        return finished == null ? new ParentOutput(task, null, null)
                : new ParentOutput(task, finished.summary(), finished.metadata());
    }
}
