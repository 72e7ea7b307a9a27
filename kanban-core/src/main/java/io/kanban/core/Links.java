package io.kanban.core;

import io.kanban.core.error.CycleDetected;
import io.kanban.core.error.IllegalTransition;
import io.kanban.core.error.ValidationError;
import io.kanban.core.model.EventKind;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.store.LinkStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parent -> child dependencies. The graph stays acyclic; links re-gate the child at once. */
public final class Links {
    private final BoardContext ctx;

    Links(BoardContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Makes {@code childId} wait for {@code parentId}. A ready child of an unfinished parent goes back to todo.
     *
     * @return false when the link already existed
     * @param parentId the parent's id
     * @param childId the child's id
     */
    public boolean link(String parentId, String childId) {
        if (parentId != null && parentId.equals(childId)) {
            throw new ValidationError("child_id", "a task cannot depend on itself (" + parentId + ")");
        }
        return ctx.db.write(tx -> {
            // Two new links can close a cycle that neither sees alone: graph changes take turns.
            tx.lockKey("kanban-links");
            Task parent = ctx.require(tx, parentId);
            Task child = ctx.require(tx, childId);
            if (child.status() == Status.RUNNING) {
                throw new IllegalTransition(childId, child.status(), "gain a parent", "a worker is already on it");
            }
            if (LinkStore.isAncestorOrSelf(tx, childId, parentId)) {
                throw new CycleDetected(parentId, childId);
            }
            if (!LinkStore.insert(tx, parentId, childId)) {
                return false;
            }
            Instant now = ctx.now();
            ctx.event(tx, childId, null, EventKind.LINKED, edge(parentId, childId), now);
            if (child.status() == Status.READY && !Lifecycle.isFinished(parent.status())) {
                Dependencies.demote(ctx, tx, child, List.of(parentId), now);
            }
            return true;
        });
    }

    /**
     * Removes the dependency; a todo child whose remaining parents are all finished becomes ready.
     *
     * @return false when there was no such link
     * @param parentId the parent's id
     * @param childId the child's id
     */
    public boolean unlink(String parentId, String childId) {
        return ctx.db.write(tx -> {
            ctx.require(tx, parentId);
            Task child = ctx.require(tx, childId);
            if (!LinkStore.delete(tx, parentId, childId)) {
                return false;
            }
            Instant now = ctx.now();
            ctx.event(tx, childId, null, EventKind.UNLINKED, edge(parentId, childId), now);
            Dependencies.promoteIfUnblocked(ctx, tx, childId, now);
            return true;
        });
    }

    /**
     * @param taskId the task's id
     * @return the ids of the task's parents
     */
    public List<String> parents(String taskId) {
        return ctx.db.read(tx -> {
            ctx.require(tx, taskId);
            return LinkStore.parents(tx, taskId);
        });
    }

    /**
     * @param taskId the task's id
     * @return the ids of the task's children
     */
    public List<String> children(String taskId) {
        return ctx.db.read(tx -> {
            ctx.require(tx, taskId);
            return LinkStore.children(tx, taskId);
        });
    }

    private static Map<String, Object> edge(String parentId, String childId) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("parent", parentId);
        payload.put("child", childId);
        return payload;
    }
}
