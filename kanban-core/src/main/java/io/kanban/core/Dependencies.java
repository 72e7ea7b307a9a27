package io.kanban.core;

import io.kanban.core.Lifecycle.Transition;
import io.kanban.core.error.UnfinishedParents;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.store.LinkStore;
import io.kanban.core.store.TaskStore;
import io.kanban.core.store.Tx;
import java.time.Instant;
import java.util.List;

/**
 * The dependency engine: a task waits in todo while any parent is unfinished ({@link Lifecycle#isFinished}) and is
 * ready otherwise. It decides which tasks to promote or demote; {@link StateMachine} moves them.
 */
final class Dependencies {
    private Dependencies() {
    }

    /** Where a task that is no longer blocked, running or in triage belongs. */
    static Status settle(Tx tx, String taskId) {
        return TaskStore.unfinishedParents(tx, taskId).isEmpty() ? Status.READY : Status.TODO;
    }

    /** Why a task is not ready: one line per unfinished parent, "waiting for t_x (running, coder)". */
    static List<String> explain(Tx tx, List<String> parentIds) {
        return TaskStore.byIds(tx, parentIds).stream()
                .map(p -> "waiting for " + p.id() + " (" + p.status().wire()
                        + (p.assignee() == null ? "" : ", " + p.assignee()) + ")")
                .toList();
    }

    static UnfinishedParents unfinished(Tx tx, String taskId, String action, List<String> parentIds) {
        return new UnfinishedParents(taskId, action, parentIds, explain(tx, parentIds));
    }

    /** After {@code parentId} finished (done or archived): children with no other unfinished parent get ready. */
    static int promoteChildren(BoardContext ctx, Tx tx, String parentId, Instant now) {
        // Most tasks have no children; the existence probe is far cheaper than the promotion query.
        if (!LinkStore.hasChildren(tx, parentId)) {
            return 0;
        }
        TaskStore.lockChildren(tx, parentId);
        return promote(ctx, tx, TaskStore.promotableChildren(tx, parentId), now);
    }

    /**
     * A full sweep, as the dispatcher runs each tick: promotes todo tasks whose parents all finished, catching
     * changes another kernel made. (A ready task with an unfinished parent, which the reference's unblock can
     * leave, is put back in todo when a claim reaches it.)
     *
     * @return how many tasks were promoted
     */
    static int settleAll(BoardContext ctx, Tx tx, Instant now) {
        return promote(ctx, tx, TaskStore.promotableAll(tx), now);
    }

    /** A todo task that lost a link: ready now if no unfinished parent is left. Returns 1 if promoted. */
    static int promoteIfUnblocked(BoardContext ctx, Tx tx, String taskId, Instant now) {
        if (settle(tx, taskId) != Status.READY) {
            return 0;
        }
        return promote(ctx, tx, List.of(taskId), now);
    }

    /** After {@code parentId} was reopened: its ready children wait again. Running children keep running. */
    static void demoteReadyChildren(BoardContext ctx, Tx tx, String parentId, Instant now) {
        TaskStore.lockChildren(tx, parentId);
        for (String child : TaskStore.readyChildren(tx, parentId)) {
            demote(ctx, tx, TaskStore.find(tx, child).orElseThrow(), List.of(parentId), now);
        }
    }

    /** A ready task waits in todo again, for the unfinished parents named. */
    static void demote(BoardContext ctx, Tx tx, Task task, List<String> waitingFor, Instant now) {
        StateMachine.apply(ctx, tx, task, Transition.DEMOTE, Change.demotion(waitingFor), now);
    }

    /**
     * Promotes the candidates that are still todo with every parent finished. The candidates were read before
     * their rows: reading each again locks it on PostgreSQL, where another host may have moved it since.
     */
    private static int promote(BoardContext ctx, Tx tx, List<String> ids, Instant now) {
        int promoted = 0;
        for (String id : ids) {
            Task task = TaskStore.find(tx, id).orElse(null);
            if (task == null || task.status() != Status.TODO || (tx.locksRows() && settle(tx, id) != Status.READY)) {
                continue;
            }
            StateMachine.apply(ctx, tx, task, Transition.PROMOTE, Change.none(), now);
            promoted++;
        }
        return promoted;
    }
}
