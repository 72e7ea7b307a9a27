package io.kanban.core.error;

/** Linking parent to child would make the dependency graph loop. */
public final class CycleDetected extends KanbanException {
    private final String parentId;
    private final String childId;

    public CycleDetected(String parentId, String childId) {
        super("linking " + parentId + " -> " + childId + " would create a cycle (" + childId
                + " is already an ancestor of " + parentId + ")");
        this.parentId = parentId;
        this.childId = childId;
    }

    public String parentId() {
        return parentId;
    }

    public String childId() {
        return childId;
    }

    @Override
    public String code() {
        return "cycle";
    }
}
