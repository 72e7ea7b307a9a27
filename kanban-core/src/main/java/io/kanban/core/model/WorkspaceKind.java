package io.kanban.core.model;

import java.util.Locale;

/** Where a worker runs: a fresh scratch directory, a git worktree, or an existing directory. */
public enum WorkspaceKind {
    /** A fresh, empty directory made for the task. */
    SCRATCH,
    /** A git worktree of a repository. */
    WORKTREE,
    /** An existing directory, used as it is. */
    DIR;

    private final String wire = name().toLowerCase(Locale.ROOT);

    /**
     * The kind as stored in {@code workspace_kind}.
     *
     * @return the lower-case name
     */
    public String wire() {
        return wire;
    }

    /**
     * Reads a stored kind.
     *
     * @param value the stored name
     * @return the kind
     * @throws IllegalArgumentException if no kind is spelled so
     */
    public static WorkspaceKind fromWire(String value) {
        for (WorkspaceKind k : values()) {
            if (k.wire.equals(value)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown workspace kind '" + value + "'");
    }
}
