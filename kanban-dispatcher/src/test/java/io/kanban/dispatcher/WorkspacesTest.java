package io.kanban.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kanban.core.dispatch.TickReport;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.model.Workspace;
import io.kanban.core.model.WorkspaceKind;
import io.kanban.core.spi.LaunchFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** scratch, worktree and dir: workspaces, and the dir: paths that are refused. */
class WorkspacesTest {
    @RegisterExtension
    final DispatcherHome fx = new DispatcherHome();

    private Task task(Workspace ws) {
        return fx.board.tasks().create(NewTask.titled("w").assignee("a").workspace(ws).build()).task();
    }

    @Test
    void scratch_is_a_fresh_directory_under_the_board_home() throws Exception {
        Task t = task(Workspace.SCRATCH);
        Path dir = new Workspaces(null, null).prepare(t, fx.home);
        assertEquals(fx.home.resolve("kanban/workspaces/" + t.id()), dir);
        assertTrue(Files.isDirectory(dir));
        assertEquals(dir, new Workspaces(null, null).prepare(t, fx.home), "a retry gets the same directory");
    }

    @Test
    void dir_stays_inside_the_configured_root_and_is_created_when_missing() throws Exception {
        Path root = Files.createDirectories(fx.dir.resolve("root"));
        Path inside = Files.createDirectories(root.resolve("project"));
        Path outside = Files.createDirectories(fx.dir.resolve("elsewhere"));
        Path sneaky = Files.createSymbolicLink(root.resolve("link-out"), outside);
        Workspaces ws = new Workspaces(root, null);

        assertEquals(inside.toRealPath(), ws.prepare(task(new Workspace(WorkspaceKind.DIR, inside.toString())),
                fx.home));
        Path fresh = root.resolve("new/deeper");
        Path made = ws.prepare(task(new Workspace(WorkspaceKind.DIR, fresh.toString())), fx.home);
        assertTrue(Files.isDirectory(fresh), "a missing dir: workspace is created");
        assertEquals(fresh.toRealPath(), made);
        Path outsideFresh = fx.dir.resolve("elsewhere/new");
        LaunchFailure escapedFresh = assertThrows(LaunchFailure.class, () -> ws.prepare(
                task(new Workspace(WorkspaceKind.DIR, outsideFresh.toString())), fx.home));
        assertTrue(escapedFresh.getMessage().contains("outside the workspace root"), escapedFresh.getMessage());
        assertTrue(Files.notExists(outsideFresh), "a refused path is never created");
        LaunchFailure freshViaLink = assertThrows(LaunchFailure.class, () -> ws.prepare(
                task(new Workspace(WorkspaceKind.DIR, root.resolve("link-out/made").toString())), fx.home));
        assertTrue(freshViaLink.getMessage().contains("outside the workspace root"), freshViaLink.getMessage());
        assertTrue(Files.notExists(outside.resolve("made")), "nothing is created through a link out of the root");
        LaunchFailure escaped = assertThrows(LaunchFailure.class, () -> ws.prepare(
                task(new Workspace(WorkspaceKind.DIR, outside.toString())), fx.home));
        assertTrue(escaped.getMessage().contains("outside the workspace root"), escaped.getMessage());
        LaunchFailure viaLink = assertThrows(LaunchFailure.class, () -> ws.prepare(
                task(new Workspace(WorkspaceKind.DIR, root + "/project/../link-out")), fx.home));
        assertTrue(viaLink.getMessage().contains("outside the workspace root"), viaLink.getMessage());
        assertEquals(outside.toRealPath(), new Workspaces(null, null).prepare(
                task(new Workspace(WorkspaceKind.DIR, outside.toString())), fx.home), "no root: any existing dir");
    }

    @Test
    void worktree_is_a_git_worktree_on_a_per_task_branch_reused_by_a_retry() throws Exception {
        Path repo = Files.createDirectories(fx.dir.resolve("repo"));
        git(repo, "init", "-q");
        Files.writeString(repo.resolve("README"), "hello\n");
        git(repo, "add", "README");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first");
        Task t = task(new Workspace(WorkspaceKind.WORKTREE, null));
        Workspaces ws = new Workspaces(null, repo);

        Path dir = ws.prepare(t, fx.home);

        assertEquals(fx.home.resolve("kanban/worktrees/" + t.id()), dir);
        assertEquals("hello\n", Files.readString(dir.resolve("README")));
        assertEquals("kanban/" + t.id(), git(dir, "rev-parse", "--abbrev-ref", "HEAD"));
        assertEquals(dir, ws.prepare(t, fx.home));

        LaunchFailure noRepo = assertThrows(LaunchFailure.class, () -> new Workspaces(null, null).prepare(
                task(new Workspace(WorkspaceKind.WORKTREE, null)), fx.home));
        assertTrue(noRepo.getMessage().contains("kanban.worktree_repo"), noRepo.getMessage());

        // without kanban.worktree_repo, the board's default workdir is the repository
        Task fromBoard = task(new Workspace(WorkspaceKind.WORKTREE, null));
        io.kanban.core.boards.BoardFiles files = io.kanban.core.boards.BoardFiles.inBoardDirectory(fx.dir.resolve("b"));
        Path made = new Workspaces(null, null).prepare(fromBoard, files, repo);
        assertEquals(fx.dir.resolve("b/worktrees/" + fromBoard.id()), made);
        assertEquals("hello\n", Files.readString(made.resolve("README")));
    }

    @Test
    void a_bad_dir_workspace_is_a_spawn_failure_recorded_on_the_run_and_counted_by_the_breaker() throws Exception {
        Path root = Files.createDirectories(fx.dir.resolve("root"));
        DispatcherConfig config = fx.config().workspaceRoot(root).failureLimit(2).build();
        Task t = task(new Workspace(WorkspaceKind.DIR, "/definitely/not/here"));
        DispatcherService dispatcher = fx.dispatcher(config);

        TickReport first = dispatcher.tickOnce();
        assertTrue(first.failed().get(0).error().startsWith("workspace dir:/definitely/not/here is outside the "
                + "workspace root"), first.failed().get(0).error());
        dispatcher.tickOnce();

        assertEquals(Status.BLOCKED, fx.status(t.id()));
        List<Run> runs = fx.runs(t.id());
        assertEquals(List.of(RunOutcome.SPAWN_FAILED, RunOutcome.GAVE_UP), runs.stream().map(Run::outcome).toList());
        assertTrue(runs.get(0).error().contains("outside the workspace root"));
        assertTrue(Files.notExists(Path.of("/definitely")), "nothing was created");
    }

    @Test
    void a_worker_runs_in_its_dir_workspace_created_on_first_spawn() throws Exception {
        Path project = fx.dir.resolve("project");
        DispatcherConfig config = fx.config().workerCommand(List.of("/bin/sh", "-c", "pwd > where.txt; sleep 30"))
                .build();
        Task t = task(new Workspace(WorkspaceKind.DIR, project.toString()));

        fx.dispatcher(config).tickOnce();

        String expected = project.toRealPath().toString();
        DispatcherHome.await(() -> readQuietly(project.resolve("where.txt")).equals(expected), "the worker's cwd");
        assertEquals(Status.RUNNING, fx.status(t.id()));
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static String git(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
