package io.kanban.dispatcher;

import io.kanban.core.boards.BoardFiles;
import io.kanban.core.model.Task;
import io.kanban.core.model.Workspace;
import io.kanban.core.spi.LaunchFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prepares the directory a worker runs in. {@code scratch}: {@code <board home>/kanban/workspaces/<id>/}, created.
 * {@code worktree}: a git worktree of the configured repository on branch {@code kanban/<id>}, at the task's path
 * or {@code <board home>/kanban/worktrees/<id>}; a retry reuses it. {@code dir:<path>}: an existing absolute
 * directory, inside the configured root when one is set. Any problem is a {@link LaunchFailure} that says what
 * to fix.
 */
final class Workspaces {
    static final long GIT_TIMEOUT_SECONDS = 60;

    private final Path workspaceRoot;
    private final Path worktreeRepo;

    public Workspaces(Path workspaceRoot, Path worktreeRepo) {
        this.workspaceRoot = workspaceRoot;
        this.worktreeRepo = worktreeRepo;
    }

    /** The branch a task's worktree is on. */
    static String branch(Task task) {
        return "kanban/" + task.id();
    }

    public Path prepare(Task task, Path boardHome) throws LaunchFailure {
        return prepare(task, BoardFiles.beside(boardHome), null);
    }

    /**
     * @param files where the card's board keeps workspaces and worktrees
     * @param boardWorkdir the board's {@code default_workdir}, or null: the repository of a {@code worktree} card
     *     when {@code kanban.worktree_repo} is not set
     */
    public Path prepare(Task task, BoardFiles files, Path boardWorkdir) throws LaunchFailure {
        Workspace ws = task.workspace() == null ? Workspace.SCRATCH : task.workspace();
        return switch (ws.kind()) {
            case SCRATCH -> scratch(task, files);
            case WORKTREE -> worktree(task, ws, files, worktreeRepo != null ? worktreeRepo : boardWorkdir);
            case DIR -> dir(ws);
        };
    }

    private static Path scratch(Task task, BoardFiles files) throws LaunchFailure {
        Path dir = files.workspaces().resolve(task.id());
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LaunchFailure("workspace: cannot create scratch directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A {@code dir:} workspace: an absolute directory, created when it does not exist yet (as the reference does),
     * and inside {@code kanban.workspace_root} when one is set, checked before anything is created so a refused
     * path leaves nothing behind.
     */
    private Path dir(Workspace ws) throws LaunchFailure {
        Path path = Path.of(ws.path());
        if (!path.isAbsolute()) {
            throw new LaunchFailure("workspace dir:" + ws.path() + " is not an absolute path");
        }
        Path root = realRoot();
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new LaunchFailure("workspace dir:" + ws.path() + " is not a directory");
        }
        if (!Files.exists(path)) {
            if (root != null && !resolvedAhead(path.normalize()).startsWith(root)) {
                throw outside(ws, root);
            }
            try {
                Files.createDirectories(path);
            } catch (IOException e) {
                throw new LaunchFailure("workspace dir:" + ws.path() + " cannot be created: " + e.getMessage(), e);
            }
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new LaunchFailure("workspace dir:" + ws.path() + " cannot be resolved: " + e.getMessage(), e);
        }
        if (root != null && !real.startsWith(root)) {
            throw outside(ws, root);
        }
        return real;
    }

    private Path realRoot() throws LaunchFailure {
        if (workspaceRoot == null) {
            return null;
        }
        try {
            return workspaceRoot.toRealPath();
        } catch (IOException e) {
            throw new LaunchFailure("workspace root " + workspaceRoot + " (kanban.workspace_root) does not exist");
        }
    }

    /** The real path {@code path} will have once created: its nearest existing ancestor resolved, plus the rest. */
    private static Path resolvedAhead(Path path) throws LaunchFailure {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            Path real = existing == null ? path.getRoot() : existing.toRealPath();
            return existing == null ? path : real.resolve(existing.relativize(path));
        } catch (IOException e) {
            throw new LaunchFailure("workspace dir:" + path + " cannot be resolved: " + e.getMessage(), e);
        }
    }

    private static LaunchFailure outside(Workspace ws, Path root) {
        return new LaunchFailure("workspace dir:" + ws.path() + " is outside the workspace root " + root
                + " (kanban.workspace_root)");
    }

    private Path worktree(Task task, Workspace ws, BoardFiles files, Path worktreeRepo) throws LaunchFailure {
        if (worktreeRepo == null) {
            throw new LaunchFailure("workspace worktree needs a repository: set kanban.worktree_repo in config.yaml"
                    + " or the board's default workdir (kanban boards set-default-workdir)");
        }
        if (!Files.isDirectory(worktreeRepo)) {
            throw new LaunchFailure("worktree repository " + worktreeRepo + " (kanban.worktree_repo) does not exist");
        }
        Path path = ws.path() != null ? Path.of(ws.path()) : files.worktrees().resolve(task.id());
        if (Files.exists(path.resolve(".git"))) {
            return path; // a retry: the earlier attempt's worktree and its work stay
        }
        if (Files.exists(path) && !isEmptyDir(path)) {
            throw new LaunchFailure("worktree path " + path + " exists and is not a git worktree");
        }
        String branch = branch(task);
        try {
            Files.createDirectories(path.getParent());
        } catch (IOException e) {
            throw new LaunchFailure("workspace: cannot create " + path.getParent() + ": " + e.getMessage(), e);
        }
        boolean branchExists = git(worktreeRepo, "rev-parse", "--verify", "--quiet", "refs/heads/" + branch)
                .exitCode == 0;
        GitResult added = branchExists
                ? git(worktreeRepo, "worktree", "add", path.toString(), branch)
                : git(worktreeRepo, "worktree", "add", "-b", branch, path.toString());
        if (added.exitCode != 0) {
            throw new LaunchFailure("git worktree add for " + task.id() + " failed: " + added.output.strip());
        }
        return path;
    }

    private static boolean isEmptyDir(Path path) throws LaunchFailure {
        try (var entries = Files.list(path)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private record GitResult(int exitCode, String output) {
    }

    private static GitResult git(Path worktreeRepo, String... args) throws LaunchFailure {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", worktreeRepo.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new LaunchFailure("git " + String.join(" ", args) + " did not finish in "
                        + GIT_TIMEOUT_SECONDS + " s");
            }
            return new GitResult(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LaunchFailure("cannot run git for a worktree workspace: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchFailure("interrupted while running git", e);
        }
    }
}
