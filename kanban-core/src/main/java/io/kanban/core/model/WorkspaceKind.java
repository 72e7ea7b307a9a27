package io.kanban.core.model;

import java.util.Locale;

/** Where a worker runs: a fresh scratch directory, a git worktree, or an existing directory. */
public enum WorkspaceKind {
    SCRATCH, WORKTREE, DIR;

    private final String wire = name().toLowerCase(Locale.ROOT);

    public String wire() {
        return wire;
    }

    public static WorkspaceKind fromWire(String value) {
        for (WorkspaceKind k : values()) {
            if (k.wire.equals(value)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown workspace kind '" + value + "'");
    }
}
