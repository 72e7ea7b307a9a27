package io.kanban.core.model;

import io.kanban.core.error.ValidationError;
import java.nio.file.Path;

/**
 * Where a task's worker runs. Text form, as the CLI and tools take it: {@code scratch}, {@code worktree},
 * {@code worktree:/abs/path} or {@code dir:/abs/path}. {@code path} is null when the dispatcher chooses it.
 *
 * @param kind scratch, worktree or dir
 * @param path an absolute path, or null when the dispatcher chooses it
 */
public record Workspace(WorkspaceKind kind, String path) {

    /** A fresh scratch directory, made by the dispatcher: the default. */
    public static final Workspace SCRATCH = new Workspace(WorkspaceKind.SCRATCH, null);

    /**
     * Checks the pair.
     *
     * @throws ValidationError if the kind is missing, the path is relative, {@code dir} has no path or
     *     {@code scratch} has one
     *
     * @param kind scratch, worktree or dir
     * @param path an absolute path, or null when the dispatcher chooses it
     */
    public Workspace {
        if (kind == null) {
            throw new ValidationError("workspace", "kind is required");
        }
        if (path != null && !Path.of(path).isAbsolute()) {
            throw new ValidationError("workspace", "path '" + path + "' must be absolute");
        }
        if (kind == WorkspaceKind.DIR && path == null) {
            throw new ValidationError("workspace", "dir: needs an absolute path, as in dir:/srv/repo");
        }
        if (kind == WorkspaceKind.SCRATCH && path != null) {
            throw new ValidationError("workspace", "scratch takes no path; use dir:" + path);
        }
    }

    /**
     * Reads the text form.
     *
     * @param text {@code scratch}, {@code worktree}, {@code worktree:/abs/path} or {@code dir:/abs/path}; null or
     *     blank means scratch
     * @return the workspace
     * @throws ValidationError naming the field {@code workspace} if the text is none of those
     */
    public static Workspace parse(String text) {
        if (text == null || text.isBlank() || text.equals("scratch")) {
            return SCRATCH;
        }
        if (text.equals("worktree")) {
            return new Workspace(WorkspaceKind.WORKTREE, null);
        }
        int colon = text.indexOf(':');
        String kind = colon < 0 ? text : text.substring(0, colon);
        String path = colon < 0 ? null : text.substring(colon + 1);
        if (!kind.equals("dir") && !kind.equals("worktree")) {
            throw new ValidationError("workspace",
                    "'" + text + "' is not one of scratch, worktree, worktree:<absolute path>, dir:<absolute path>");
        }
        if (path == null || path.isBlank()) {
            throw new ValidationError("workspace", kind + ": needs an absolute path after the colon");
        }
        return new Workspace(WorkspaceKind.fromWire(kind), path);
    }

    @Override
    public String toString() {
        return path == null ? kind.wire() : kind.wire() + ":" + path;
    }
}
