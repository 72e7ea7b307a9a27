package io.kanban.core;

import static io.kanban.core.model.Status.ARCHIVED;
import static io.kanban.core.model.Status.BLOCKED;
import static io.kanban.core.model.Status.DONE;
import static io.kanban.core.model.Status.READY;
import static io.kanban.core.model.Status.REVIEW;
import static io.kanban.core.model.Status.RUNNING;
import static io.kanban.core.model.Status.SCHEDULED;
import static io.kanban.core.model.Status.TODO;
import static io.kanban.core.model.Status.TRIAGE;

import io.kanban.core.error.IllegalTransition;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one table of allowed status moves. {@code running} is absent as a target: only a claim enters it.
 * {@code todo} and {@code ready} are settled by the dependency engine: a task with unfinished parents waits
 * in todo, one without is ready.
 */
public final class Lifecycle {
    private static final Map<Status, Set<Status>> MOVES = new EnumMap<>(Status.class);

    static {
        MOVES.put(TRIAGE, EnumSet.of(TODO, READY, BLOCKED, ARCHIVED));
        MOVES.put(TODO, EnumSet.of(TRIAGE, READY, BLOCKED, ARCHIVED));
        MOVES.put(READY, EnumSet.of(TRIAGE, TODO, BLOCKED, DONE, ARCHIVED));
        MOVES.put(RUNNING, EnumSet.of(READY, BLOCKED, DONE, ARCHIVED));
        MOVES.put(BLOCKED, EnumSet.of(TODO, READY, DONE, ARCHIVED));
        MOVES.put(DONE, EnumSet.of(TODO, READY, ARCHIVED));
        MOVES.put(ARCHIVED, EnumSet.noneOf(Status.class));
        // Statuses only newer reference kernels write: let a person move such a task back into our flow.
        MOVES.put(SCHEDULED, EnumSet.of(TODO, READY, BLOCKED, DONE, ARCHIVED));
        MOVES.put(REVIEW, EnumSet.of(TODO, READY, BLOCKED, DONE, ARCHIVED));
    }

    private Lifecycle() {
    }

    public static boolean allows(Status from, Status to) {
        return MOVES.getOrDefault(from, Set.of()).contains(to);
    }

    /** The statuses a task may be moved to from {@code from} (by hand or by a verb other than claim). */
    public static Set<Status> targets(Status from) {
        return Set.copyOf(MOVES.getOrDefault(from, Set.of()));
    }

    static void require(Task task, Status to, String action) {
        if (to == RUNNING) {
            throw new IllegalTransition(task.id(), task.status(), action, "only a claim starts a run");
        }
        if (!allows(task.status(), to)) {
            throw new IllegalTransition(task.id(), task.status(), action);
        }
    }
}
