package io.kanban.core.error;

/** Linking parent to child would make the dependency graph loop. */
public final class CycleDetected extends KanbanException {
    /** What {@link #parentId()} returns. */
    private final String parentId;
    /** What {@link #childId()} returns. */
    private final String childId;

    /**
     * Reports a link that would close a loop.
     *
     * @param parentId the would-be parent
     * @param childId the would-be child, already an ancestor of {@code parentId}
     */
    public CycleDetected(String parentId, String childId) {
        super("linking " + parentId + " -> " + childId + " would create a cycle (" + childId
                + " is already an ancestor of " + parentId + ")");
        this.parentId = parentId;
        this.childId = childId;
    }

    /**
     * @return the parent of the refused link
     */
    public String parentId() {
        return parentId;
    }

    /**
     * @return the child of the refused link
     */
    public String childId() {
        return childId;
    }

    @Override
    public String code() {
        return "cycle";
    }
}
