package io.kanban.core;

import io.kanban.core.model.EventKind;
import io.kanban.core.model.Status;
import io.kanban.core.store.LinkStore;
import io.kanban.core.store.TaskStore;
import io.kanban.core.store.Tx;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The dependency engine: a task waits in todo while any parent is unfinished (neither done nor archived) and
 * is ready otherwise. Every change to a parent's status or to the links runs through here.
 */
final class Dependencies {
    private Dependencies() {
    }

    /** Where a task that is no longer blocked, running or in triage belongs. */
    static Status settle(Tx tx, String taskId) {
        return TaskStore.unfinishedParents(tx, taskId).isEmpty() ? Status.READY : Status.TODO;
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
        var task = TaskStore.find(tx, taskId);
        if (task.isEmpty() || task.get().status() != Status.TODO || settle(tx, taskId) != Status.READY) {
            return 0;
        }
        return promote(ctx, tx, List.of(taskId), now);
    }

    /** After {@code parentId} was reopened: its ready children wait again. Running children keep running. */
    static void demoteReadyChildren(BoardContext ctx, Tx tx, String parentId, Instant now) {
        TaskStore.lockChildren(tx, parentId);
        for (String child : TaskStore.readyChildren(tx, parentId)) {
            TaskStore.setStatus(tx, child, Status.TODO);
            ctx.event(tx, child, null, EventKind.DEMOTED, Map.of("parent", parentId), now);
        }
    }

    private static int promote(BoardContext ctx, Tx tx, List<String> ids, Instant now) {
        int promoted = 0;
        for (String id : ids) {
            if (tx.locksRows() && !stillPromotable(tx, id)) {
                continue;
            }
            TaskStore.setStatus(tx, id, Status.READY);
            ctx.event(tx, id, null, EventKind.PROMOTED, null, now);
            promoted++;
        }
        return promoted;
    }

    /**
     * On PostgreSQL the candidates were read before their rows were locked, and another host may have moved one
     * since: lock it (the read in a write transaction does) and look again.
     */
    private static boolean stillPromotable(Tx tx, String id) {
        return TaskStore.find(tx, id).filter(t -> t.status() == Status.TODO).isPresent()
                && settle(tx, id) == Status.READY;
    }
}
